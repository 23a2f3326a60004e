package dev.kiln.run.web;

import dev.kiln.run.Run;
import dev.kiln.run.RunStatus;
import dev.kiln.run.Task;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A run as lists show it. */
@Schema(description = "A training run, in short")
record RunSummary(UUID id, RunStatus status, @Nullable UUID datasetId, UUID modelId, String target, Task task,
                  RunResponse.Progress progress, Map<String, Double> metrics, Instant createdAt,
                  @Nullable Instant startedAt, @Nullable Instant finishedAt, @Nullable String error,
                  @Schema(description = "the run's tags") Map<String, String> tags) {
    static RunSummary from(Run r) {
        return new RunSummary(r.getId(), r.getStatus(), r.getDatasetId(), r.getModelId(), r.getTarget(), r.getTask(),
                RunResponse.Progress.of(r), RunResponse.allMetrics(r), r.getCreatedAt(), r.getStartedAt(),
                r.getFinishedAt(), r.getError(), r.getTags());
    }
}
