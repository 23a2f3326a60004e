package dev.kiln.study.search;

import java.util.Map;

/**
 * What a sampler learns from a trial: its decisions, and — once it succeeded, or was pruned — its objective turned
 * so that lower is better ({@code score}). Trials still running, failed or cancelled teach nothing.
 */
public record Observation(Map<String, Double> decisions, Kind kind, double score) {
    public enum Kind { COMPLETE, PRUNED }
}
