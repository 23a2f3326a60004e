package dev.kiln.training;

import java.util.Map;

/** How training ended: cancelled at a batch boundary, or completed with its test metrics (prefixed {@code test_}). */
public record TrainingOutcome(boolean cancelled, Map<String, Double> testMetrics) {
    public static TrainingOutcome wasCancelled() {
        return new TrainingOutcome(true, Map.of());
    }
}
