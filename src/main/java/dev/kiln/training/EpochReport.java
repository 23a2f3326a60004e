package dev.kiln.training;

import java.util.Map;

/** One finished epoch: training and validation metrics (validation prefixed {@code val_}). */
public record EpochReport(int epoch, long durationMs, double samplesPerSecond, Map<String, Double> metrics) {}
