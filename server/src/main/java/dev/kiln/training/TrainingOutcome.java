package dev.kiln.training;

import dev.kiln.metrics.Evaluation;
import java.util.Map;

/**
 * How training ended: completed (with its test metrics, prefixed {@code test_}, the test evaluation of a
 * classifier, the best epoch and the epoch early stopping ended it after, 0 when none), cancelled by a caller,
 * or interrupted because the instance is stopping (a checkpoint was handed to the listener first).
 */
public record TrainingOutcome(Ending ending, Map<String, Double> testMetrics, Evaluation evaluation, int bestEpoch,
                              int stoppedEpoch) {
    public enum Ending { COMPLETED, CANCELLED, INTERRUPTED }

    public static TrainingOutcome stopped(Cancellation.Reason reason) {
        return new TrainingOutcome(reason == Cancellation.Reason.SHUTDOWN ? Ending.INTERRUPTED : Ending.CANCELLED,
                Map.of(), null, 0, 0);
    }

    public static TrainingOutcome completed(Map<String, Double> testMetrics) {
        return new TrainingOutcome(Ending.COMPLETED, testMetrics, null, 0, 0);
    }
}
