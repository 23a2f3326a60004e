package dev.kiln.training;

import java.util.Map;

/**
 * How training ended: completed (with its test metrics, prefixed {@code test_}), cancelled by a caller, or
 * interrupted because the instance is stopping (a checkpoint was handed to the listener first).
 */
public record TrainingOutcome(Ending ending, Map<String, Double> testMetrics) {
    public enum Ending { COMPLETED, CANCELLED, INTERRUPTED }

    public static TrainingOutcome stopped(Cancellation.Reason reason) {
        return new TrainingOutcome(reason == Cancellation.Reason.SHUTDOWN ? Ending.INTERRUPTED : Ending.CANCELLED,
                Map.of());
    }

    public static TrainingOutcome completed(Map<String, Double> testMetrics) {
        return new TrainingOutcome(Ending.COMPLETED, testMetrics);
    }
}
