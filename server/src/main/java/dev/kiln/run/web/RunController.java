package dev.kiln.run.web;

import dev.kiln.domain.NotFound;
import dev.kiln.run.EpochMetric;
import dev.kiln.run.Run;
import dev.kiln.run.RunHistory;
import dev.kiln.run.RunStatus;
import dev.kiln.web.PageQuery;
import dev.kiln.web.Paged;
import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Validated
@RequestMapping("/api/v1/runs")
@Tag(name = "Runs", description = "Queue training runs, follow them, read their metrics, cancel them")
class RunController {

    private final RunHistory history;
    private final dev.kiln.run.RunRemoval removal;

    RunController(RunHistory history, dev.kiln.run.RunRemoval removal) {
        this.history = history;
        this.removal = removal;
    }

    @org.springframework.web.bind.annotation.DeleteMapping("/{id}")
    @Operation(operationId = "deleteRun", summary = "Delete a finished run and its files",
            description = "Removes the run with its history, epochs, events and prediction jobs, then its checkpoints, "
                    + "model and scoring results from storage. 409 while it is queued or running, while unfinished "
                    + "runs start from its weights, or when it is a study's trial (delete the study).")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "409", description = "The run cannot be deleted now; the problem says why")
    ResponseEntity<Void> delete(@PathVariable UUID id) {
        removal.delete(id);
        return ResponseEntity.noContent().build();
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "submitRun", summary = "Queue a training run",
            description = "Checks the run against its dataset and model and resolves its hyperparameters; a run that "
                    + "cannot train is refused with 422 naming the field and why.")
    @ApiResponse(responseCode = "202", description = "Queued; the run as stored",
            headers = @Header(name = "Location", description = "the run's URL", schema = @Schema(type = "string")))
    ResponseEntity<RunResponse> submit(@Valid @RequestBody SubmitRun submit) {
        Run run = history.submit(submit.toSubmission());
        return ResponseEntity.accepted().location(URI.create("/api/v1/runs/" + run.getId()))
                .body(RunResponse.from(history.get(run.getId())));
    }

    @GetMapping
    @Operation(operationId = "listRuns", summary = "Search runs, newest first", description = RunQuery.DESCRIPTION)
    @ApiResponse(responseCode = "200", description = "One page of runs")
    Paged<RunSummary> list(@Parameter(description = "only runs in this status") @RequestParam(required = false)
                           RunStatus status,
                           @Parameter(description = "only runs on this dataset") @RequestParam(required = false)
                           UUID datasetId,
                           @Parameter(description = "only runs of this model definition")
                           @RequestParam(required = false) UUID modelId,
                           @Parameter(description = "a filter expression (see the operation's description)",
                                   example = "metrics.val_accuracy > 0.9 AND params.optimizer.type = 'adam'")
                           @RequestParam(required = false) String filter,
                           @ParameterObject @Valid PageQuery page) {
        var query = RunQuery.of(status, datasetId, modelId, filter, page);
        return Paged.of(history.search(query.filters(), query.order(), query.page()), RunSummary::from);
    }

    @PatchMapping(value = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "updateRun", summary = "Change a run's tags",
            description = "Sets each given tag; a tag given as null is removed. Other tags stay. Works in any status.")
    @ApiResponse(responseCode = "200", description = "The run")
    RunResponse update(@PathVariable UUID id, @Valid @RequestBody UpdateRun body) {
        if (body.tags() == null) {
            throw new dev.kiln.domain.InvalidRequest("tags", "give the tags to set (a null value removes one)");
        }
        history.retag(id, body.tags());
        return RunResponse.from(history.get(id));
    }

    @Schema(description = "Changes to a run")
    record UpdateRun(@Schema(description = "tags to set; a null value removes the tag")
                     java.util.@org.jspecify.annotations.Nullable Map<String, String> tags) {}

    @GetMapping("/compare")
    @Operation(operationId = "compareRuns", summary = "Several runs' epoch series, aligned",
            description = "For 2 to 10 runs: every metric any of them recorded, per run one value per epoch on a "
                    + "common epoch axis (null where a run has none), with each run's status, tags and resolved "
                    + "hyperparameters — what a chart overlaying them needs.")
    @ApiResponse(responseCode = "200", description = "The runs' series")
    CompareResponse compare(@Parameter(description = "2 to 10 run ids, comma-separated", required = true)
                            @RequestParam("ids") String ids) {
        List<UUID> runs = dev.kiln.web.IdList.parse(ids, "ids", 2, 10);
        return CompareResponse.of(runs.stream().map(history::get).toList(), runs.stream().map(history::metrics)
                .toList());
    }

    @GetMapping("/{id}")
    @Operation(operationId = "getRun", summary = "A run",
            description = "Status, progress, resolved hyperparameters, fitted preprocessing, metrics, provenance and "
                    + "status history.")
    @ApiResponse(responseCode = "200", description = "The run")
    RunResponse get(@PathVariable UUID id) {
        return RunResponse.from(history.get(id));
    }

    @PostMapping("/{id}/cancel")
    @Operation(operationId = "cancelRun", summary = "Cancel a run",
            description = "A queued run is cancelled at once; a running one stops at its next batch boundary, keeping "
                    + "its finished epochs.")
    @ApiResponse(responseCode = "202", description = "Cancelled, or asked to stop")
    @ApiResponse(responseCode = "409", description = "The run has already finished")
    ResponseEntity<RunResponse> cancel(@PathVariable UUID id) {
        history.cancel(id);
        return ResponseEntity.accepted().body(RunResponse.from(history.get(id)));
    }

    @GetMapping("/{id}/evaluation")
    @Operation(operationId = "getRunEvaluation", summary = "A classifier's test evaluation",
            description = "Test metrics, confusion matrix and per-class scores; 404 while there is none (the run has "
                    + "not succeeded, had no test dataset, or is a regression).")
    @ApiResponse(responseCode = "200", description = "The evaluation")
    EvaluationResponse evaluation(@PathVariable UUID id) {
        Run run = history.get(id);
        var evaluation = run.getEvaluation().orElseThrow(() -> new NotFound("evaluation of run", id
                + (run.getStatus() != RunStatus.SUCCEEDED ? " (it is " + run.getStatus() + ")"
                : run.getTestDatasetId() == null ? " (it had no testDatasetId)" : " (regression runs have none)")));
        return new EvaluationResponse(id, run.getTestMetrics(), evaluation.labels(), evaluation.confusionMatrix(),
                evaluation.perClass());
    }

    @GetMapping("/{id}/checkpoints")
    @Operation(operationId = "listRunCheckpoints", summary = "A run's checkpoints",
            description = "last (where a stopped run resumes), best (by the early-stopping monitor, else val_loss) and "
                    + "model (the final weights).")
    @ApiResponse(responseCode = "200", description = "The checkpoints")
    CheckpointsResponse checkpoints(@PathVariable UUID id) {
        Run run = history.get(id);
        List<CheckpointEntry> entries = new java.util.ArrayList<>();
        run.getCheckpoint().ifPresent(c -> entries.add(new CheckpointEntry(CheckpointEntry.Kind.LAST, c.epoch(),
                c.batch(), c.sha256())));
        run.getBestCheckpoint().ifPresent(c -> entries.add(new CheckpointEntry(CheckpointEntry.Kind.BEST, c.epoch(), 0,
                c.sha256())));
        run.getModel().ifPresent(c -> entries.add(new CheckpointEntry(CheckpointEntry.Kind.MODEL, c.epoch(), 0,
                c.sha256())));
        return new CheckpointsResponse(id, entries);
    }

    @GetMapping(value = "/{id}/metrics", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "getRunMetrics", summary = "One row per finished epoch",
            description = "Training and validation (val_) loss and metrics, learning rate, weight norm, duration and "
                    + "throughput of every finished epoch. The same as CSV: /runs/{id}/metrics.csv.")
    @ApiResponse(responseCode = "200", description = "The epochs, in order")
    MetricsResponse metrics(@PathVariable UUID id) {
        return new MetricsResponse(id, history.metrics(id).stream().map(EpochRow::from).toList());
    }

    @GetMapping(value = "/{id}/metrics.csv", produces = "text/csv")
    @Operation(operationId = "getRunMetricsCsv", summary = "One row per finished epoch, as CSV",
            description = "Columns epoch, durationMs, samplesPerSecond, then every recorded metric.")
    @ApiResponse(responseCode = "200", description = "The epochs as CSV",
            content = @Content(mediaType = "text/csv", schema = @Schema(type = "string")))
    ResponseEntity<String> metricsCsv(@PathVariable UUID id) {
        return csv(id);
    }

    /** The CSV also answers {@code Accept: text/csv} on the JSON path, as the quickstart uses it. */
    @Hidden
    @GetMapping(value = "/{id}/metrics", produces = "text/csv")
    ResponseEntity<String> metricsAsCsv(@PathVariable UUID id) {
        return csv(id);
    }

    private ResponseEntity<String> csv(UUID id) {
        List<EpochMetric> epochs = history.metrics(id);
        return ResponseEntity.ok().header("Content-Type", "text/csv; charset=utf-8").body(MetricsCsv.write(epochs));
    }
}
