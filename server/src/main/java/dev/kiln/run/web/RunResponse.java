package dev.kiln.run.web;

import dev.kiln.feature.FeaturePipeline;
import dev.kiln.model.ModelSpec;
import dev.kiln.run.InitFrom;
import dev.kiln.run.Compression;
import dev.kiln.run.Run;
import dev.kiln.run.RunProvenance;
import dev.kiln.run.RunStatus;
import dev.kiln.run.Task;
import dev.kiln.run.spec.TrainingSpec;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A run as {@code GET /runs/{id}} shows it. */
@Schema(description = "A training run")
public record RunResponse(UUID id, RunStatus status,
                   @Schema(description = "absent for an imported run") @Nullable UUID datasetId,
                   UUID modelId,
                   @Schema(description = "the model definition the run trains, a copy kept with the run (absent for "
                           + "runs submitted before Kiln kept one)") @Nullable ModelSpec model,
                   @Nullable UUID testDatasetId, String target, Task task, List<String> features,
                   int priority,
                   @Schema(description = "where it trained, once it started") @Nullable String device,
                   @Schema(description = "engine threads it trained with, once it started") @Nullable Integer threads,
                   @Schema(description = "the resolved hyperparameters: every default filled in") TrainingSpec spec,
                   @Schema(description = "the preprocessing fitted on the training split, once training started; a text column shows its "
                           + "vocabulary's size and first 20 tokens")
                   @Nullable FeaturePipeline preprocessing,
                   Progress progress,
                   @Schema(description = "the latest epoch's metrics, then the test metrics (test_)")
                   Map<String, Double> metrics,
                   @Nullable Integer bestEpoch, @Nullable Integer stoppedEpoch, boolean cancelRequested,
                   @Schema(description = "how many times a worker started or resumed the run") int attempts,
                   @Schema(description = "where the last checkpoint stands") @Nullable CheckpointPosition checkpoint,
                   @Nullable InitFrom initFrom, boolean imported,
                   @Schema(description = "the run this one's model was compressed from (POST /runs/{id}/compress)")
                   @Nullable UUID compressedFrom,
                   @Schema(description = "what the compression did and measured") @Nullable Compression compression,
                   @Schema(description = "where the trained model comes from, once training started")
                   @Nullable RunProvenance provenance,
                   Instant createdAt, @Nullable Instant startedAt, @Nullable Instant finishedAt,
                   @Schema(description = "why the run failed") @Nullable String error,
                   @Schema(description = "what the run should know about its data, e.g. a validation split that "
                           + "lacks a class") List<String> warnings,
                   @Schema(description = "every status change, oldest first") List<StatusEntry> history,
                   @Schema(description = "the run's tags") Map<String, String> tags,
                   @Schema(description = "the study this run is a trial (or the retraining) of") @Nullable UUID studyId,
                   @Schema(description = "its trial number in that study; absent for the best trial's retraining")
                   @Nullable Integer trialNumber) {

    /** Epochs finished of the epochs planned. */
    record Progress(int epoch, int epochs, double percent) {
        static Progress of(Run run) {
            double percent = run.getEpochs() == 0 ? 0 : Math.round(1000.0 * run.getEpoch() / run.getEpochs()) / 10.0;
            return new Progress(run.getEpoch(), run.getEpochs(), percent);
        }
    }

    /** Where the run's last checkpoint stands: epochs completed, and batches of the next one. */
    record CheckpointPosition(int epoch, int batch) {}

    /** One status change: which status, when, on which instance, and why. */
    record StatusEntry(RunStatus status, Instant at, @Nullable String instance, @Nullable String reason) {}

    /** The fitted preprocessing as a run shows it: each text vocabulary's size and first tokens. */
    private static @Nullable FeaturePipeline shown(@Nullable FeaturePipeline preprocessing) {
        return preprocessing == null ? null : preprocessing.summarized();
    }

    public static RunResponse from(Run r) {
        return new RunResponse(r.getId(), r.getStatus(), r.getDatasetId(), r.getModelId(),
                r.getModelSpec().orElse(null), r.getTestDatasetId(),
                r.getTarget(), r.getTask(), r.getFeatures(), r.getPriority(), r.getDevice(), r.getThreads(),
                r.getSpec(), shown(r.getPreprocessing()), Progress.of(r), allMetrics(r), r.getBestEpoch(),
                r.getStoppedEpoch(), r.isCancelRequested(), r.getAttempts(),
                r.getCheckpoint().map(c -> new CheckpointPosition(c.epoch(), c.batch())).orElse(null),
                r.getInitFrom().orElse(null), r.isImported(), r.getCompressedFrom().orElse(null),
                r.getCompression().orElse(null), r.getProvenance(), r.getCreatedAt(), r.getStartedAt(),
                r.getFinishedAt(), r.getError(), r.getWarnings(), r.getHistory().stream().map(h -> new StatusEntry(
                        h.getStatus(), h.getAt(), h.getInstance(), h.getReason())).toList(), r.getTags(),
                r.getStudyId().orElse(null), r.getTrialNumber().orElse(null));
    }

    /** The latest epoch's values followed by the test values. */
    static Map<String, Double> allMetrics(Run r) {
        Map<String, Double> all = new LinkedHashMap<>(r.getLatestMetrics());
        all.putAll(r.getTestMetrics());
        return all;
    }
}
