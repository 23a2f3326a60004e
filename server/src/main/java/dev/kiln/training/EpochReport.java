package dev.kiln.training;

import java.util.Map;

/**
 * One finished epoch: training and validation metrics (validation prefixed {@code val_}), and whether its weights
 * are the best so far (by the early-stopping monitor, else {@code val_loss}, else {@code loss}).
 */
public record EpochReport(int epoch, long durationMs, double samplesPerSecond, Map<String, Double> metrics,
                          boolean best) {
    public EpochReport(int epoch, long durationMs, double samplesPerSecond, Map<String, Double> metrics) {
        this(epoch, durationMs, samplesPerSecond, metrics, false);
    }
}
