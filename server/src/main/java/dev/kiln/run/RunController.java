package dev.kiln.run;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.web.PageableDefault;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@RestController
@RequestMapping("/api/v1/runs")
@Tag(name = "Runs", description = "Queue training runs, follow them, read their metrics, cancel them")
class RunController {
    private final RunHistory history;

    RunController(RunHistory history) {
        this.history = history;
    }

    /** A run submission. Everything but the dataset, the model and the target is optional. */
    record SubmitRun(@NotNull UUID datasetId, @NotNull UUID modelId,
                     @Schema(description = "the column to predict; an image dataset's target is its class label "
                             + "and may be left out") @Size(min = 1, max = 500) String target,
                     @Schema(description = "binary, multiclass or regression; inferred from the target when absent")
                     Task task,
                     @Schema(description = "feature columns; default: every column but the target")
                     List<String> features,
                     @Schema(description = "evaluated once at the end with the run's fitted preprocessing")
                     UUID testDatasetId,
                     @Valid Hyperparameters hyperparameters,
                     @Schema(description = "higher runs start first; default 0") @Min(-1000) @Max(1000)
                     Integer priority,
                     @Schema(description = "how features are scaled, encoded, imputed and clipped; default: "
                             + "standardize + mean imputation, one-hot") dev.kiln.feature.PreprocessingOptions preprocessing,
                     @Schema(description = "warm start from a previous run's weights") @Valid InitFrom initFrom,
                     @Schema(description = "image datasets: random changes to training images, per batch")
                     @Valid Augmentation augmentation) {}

    @PostMapping
    @Operation(summary = "Queue a training run (202); refused with 422 when it cannot train")
    ResponseEntity<RunResponse> submit(@Valid @RequestBody SubmitRun submit) {
        Run run = history.submit(submit);
        return ResponseEntity.accepted().location(URI.create("/api/v1/runs/" + run.getId()))
                .body(RunResponse.from(history.get(run.getId())));
    }

    @GetMapping
    @Operation(summary = "Search runs, newest first; filter by status, datasetId, modelId")
    Page<RunSummary> search(@RequestParam(name = "status", required = false) String status,
                            @RequestParam(name = "datasetId", required = false) UUID datasetId,
                            @RequestParam(name = "modelId", required = false) UUID modelId,
                            @PageableDefault(size = 20, sort = "createdAt", direction = Sort.Direction.DESC)
                            Pageable page) {
        return history.search(status(status), datasetId, modelId, page).map(RunSummary::from);
    }

    private static RunStatus status(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        try {
            return RunStatus.valueOf(status.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new dev.kiln.domain.InvalidRequest("status", "unknown status '" + status
                    + "'; expected one of QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED");
        }
    }

    @GetMapping("/{id}")
    @Operation(summary = "A run: status, progress, resolved hyperparameters, preprocessing, metrics, history")
    RunResponse get(@PathVariable UUID id) {
        return RunResponse.from(history.get(id));
    }

    @PostMapping("/{id}/cancel")
    @Operation(summary = "Cancel a queued run, or stop a running one at its next batch boundary (409 if finished)")
    ResponseEntity<RunResponse> cancel(@PathVariable UUID id) {
        history.cancel(id);
        return ResponseEntity.accepted().body(RunResponse.from(history.get(id)));
    }

    @GetMapping("/{id}/evaluation")
    @Operation(summary = "The test evaluation of a classifier: test metrics, confusion matrix, per-class scores")
    EvaluationResponse evaluation(@PathVariable UUID id) {
        Run run = history.get(id);
        var evaluation = run.getEvaluation().orElseThrow(() -> new dev.kiln.domain.NotFound("evaluation of run", id
                + (run.getStatus() != RunStatus.SUCCEEDED ? " (it is " + run.getStatus() + ")"
                : run.getTestDatasetId() == null ? " (it had no testDatasetId)" : " (regression runs have none)")));
        return new EvaluationResponse(id, run.getTestMetrics(), evaluation.labels(), evaluation.confusionMatrix(),
                evaluation.perClass());
    }

    record EvaluationResponse(UUID runId, Map<String, Double> metrics, List<String> labels, long[][] confusionMatrix,
                              List<dev.kiln.metrics.Evaluation.ClassScores> perClass) {}

    @GetMapping("/{id}/checkpoints")
    @Operation(summary = "The run's checkpoints: last (to resume), best (by the early-stopping monitor, else "
            + "val_loss), model (the final weights)")
    CheckpointsResponse checkpoints(@PathVariable UUID id) {
        Run run = history.get(id);
        List<CheckpointEntry> entries = new java.util.ArrayList<>();
        run.getCheckpoint().ifPresent(c -> entries.add(new CheckpointEntry("last", c.epoch(), c.batch(), c.sha256())));
        run.getBestCheckpoint().ifPresent(c -> entries.add(new CheckpointEntry("best", c.epoch(), 0, c.sha256())));
        run.getModel().ifPresent(c -> entries.add(new CheckpointEntry("model", c.epoch(), 0, c.sha256())));
        return new CheckpointsResponse(id, entries);
    }

    record CheckpointEntry(String kind, int epoch, int batch, String sha256) {}

    record CheckpointsResponse(UUID runId, List<CheckpointEntry> checkpoints) {}

    @GetMapping(value = "/{id}/metrics", produces = {"application/json"})
    @Operation(summary = "One row per finished epoch; Accept: text/csv gives CSV")
    MetricsResponse metrics(@PathVariable UUID id) {
        return new MetricsResponse(id, history.metrics(id).stream().map(EpochRow::from).toList());
    }

    @GetMapping(value = "/{id}/metrics", produces = "text/csv")
    ResponseEntity<String> metricsCsv(@PathVariable UUID id) {
        List<EpochMetric> epochs = history.metrics(id);
        Set<String> names = new LinkedHashSet<>();
        epochs.forEach(e -> names.addAll(e.getMetrics().keySet()));
        StringBuilder csv = new StringBuilder("epoch,durationMs,samplesPerSecond");
        names.forEach(n -> csv.append(',').append(n));
        csv.append('\n');
        for (EpochMetric e : epochs) {
            csv.append(e.getEpoch()).append(',').append(e.getDurationMs()).append(',').append(e.getSamplesPerSecond());
            for (String name : names) {
                Double value = e.getMetrics().get(name);
                csv.append(',').append(value == null ? "" : value.toString());
            }
            csv.append('\n');
        }
        return ResponseEntity.ok().header("Content-Type", "text/csv; charset=utf-8").body(csv.toString());
    }

    record Progress(int epoch, int epochs, double percent) {
        static Progress of(Run run) {
            double percent = run.getEpochs() == 0 ? 0 : Math.round(1000.0 * run.getEpoch() / run.getEpochs()) / 10.0;
            return new Progress(run.getEpoch(), run.getEpochs(), percent);
        }
    }

    /** Where the run's last checkpoint stands: epochs completed, and batches of the next one. */
    record CheckpointPosition(int epoch, int batch) {}

    record StatusEntry(RunStatus status, Instant at, String instance, String reason) {}

    record RunResponse(UUID id, RunStatus status, UUID datasetId, UUID modelId, UUID testDatasetId, String target,
                       Task task, List<String> features, int priority, String device, Integer threads,
                       Hyperparameters hyperparameters,
                       dev.kiln.feature.PreprocessingOptions preprocessingOptions, JsonNode preprocessing,
                       Augmentation augmentation, Progress progress, Map<String, Double> metrics, Integer bestEpoch, Integer stoppedEpoch,
                       boolean cancelRequested, int attempts, CheckpointPosition checkpoint, InitFrom initFrom,
                       boolean imported, JsonNode provenance, Instant createdAt,
                       Instant startedAt, Instant finishedAt, String error, List<StatusEntry> history) {
        static RunResponse from(Run r) {
            return new RunResponse(r.getId(), r.getStatus(), r.getDatasetId(), r.getModelId(), r.getTestDatasetId(),
                    r.getTarget(), r.getTask(), r.getFeatures(), r.getPriority(), r.getDevice(), r.getThreads(),
                    r.getHyperparameters(), r.getPreprocessingOptions(), r.getPreprocessing(),
                    r.getAugmentation().orElse(null), Progress.of(r),
                    allMetrics(r), r.getBestEpoch(), r.getStoppedEpoch(), r.isCancelRequested(), r.getAttempts(),
                    r.getCheckpoint().map(c -> new CheckpointPosition(c.epoch(), c.batch())).orElse(null),
                    r.getInitFrom().orElse(null), r.isImported(), r.getProvenance(),
                    r.getCreatedAt(), r.getStartedAt(), r.getFinishedAt(), r.getError(),
                    r.getHistory().stream().map(h -> new StatusEntry(h.getStatus(), h.getAt(), h.getInstance(),
                            h.getReason())).toList());
        }
    }

    record RunSummary(UUID id, RunStatus status, UUID datasetId, UUID modelId, String target, Task task,
                      Progress progress, Map<String, Double> metrics, Instant createdAt, Instant startedAt,
                      Instant finishedAt, String error) {
        static RunSummary from(Run r) {
            return new RunSummary(r.getId(), r.getStatus(), r.getDatasetId(), r.getModelId(), r.getTarget(),
                    r.getTask(), Progress.of(r), allMetrics(r), r.getCreatedAt(), r.getStartedAt(), r.getFinishedAt(),
                    r.getError());
        }
    }

    /** The latest epoch's values followed by the test values. */
    private static Map<String, Double> allMetrics(Run r) {
        Map<String, Double> all = new LinkedHashMap<>(r.getLatestMetrics());
        all.putAll(r.getTestMetrics());
        return all;
    }

    record EpochRow(int epoch, long durationMs, double samplesPerSecond, Map<String, Double> metrics) {
        static EpochRow from(EpochMetric e) {
            return new EpochRow(e.getEpoch(), e.getDurationMs(), e.getSamplesPerSecond(), e.getMetrics());
        }
    }

    record MetricsResponse(UUID runId, List<EpochRow> epochs) {}
}
