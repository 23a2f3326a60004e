package dev.kiln.run.web;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.kiln.metrics.Evaluation;
import dev.kiln.run.EpochMetric;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** The test evaluation of a classifier. */
record EvaluationResponse(UUID runId, Map<String, Double> metrics, List<String> labels, long[][] confusionMatrix,
                          List<Evaluation.ClassScores> perClass) {}

/** One of a run's checkpoints. */
record CheckpointEntry(Kind kind, int epoch, int batch, String sha256) {
    /** last: where a stopped run resumes; best: the best epoch's weights; model: the final weights. */
    @io.swagger.v3.oas.annotations.media.Schema(name = "CheckpointKind", enumAsRef = true,
            description = "last: where a stopped run resumes; best: the best epoch's weights; model: the final weights")
    enum Kind {
        LAST, BEST, MODEL;

        @JsonValue
        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}

/** A run's checkpoints. */
record CheckpointsResponse(UUID runId, List<CheckpointEntry> checkpoints) {}

/** One finished epoch: its duration and throughput, and every metric it recorded. */
record EpochRow(int epoch, long durationMs, double samplesPerSecond, Map<String, Double> metrics) {
    static EpochRow from(EpochMetric e) {
        return new EpochRow(e.getEpoch(), e.getDurationMs(), e.getSamplesPerSecond(), e.getMetrics());
    }
}

/** Every finished epoch of a run, in order. */
record MetricsResponse(UUID runId, List<EpochRow> epochs) {}
