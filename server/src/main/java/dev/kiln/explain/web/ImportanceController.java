package dev.kiln.explain.web;

import dev.kiln.explain.Importance;
import dev.kiln.metrics.MetricSpec;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/runs/{id}/importance")
@Tag(name = "Explanations")
class ImportanceController {
    private final Importance importance;

    ImportanceController(Importance importance) {
        this.importance = importance;
    }

    /** Which rows to shuffle columns on, how often, and by which metric. */
    record ImportanceRequest(
            @Schema(description = "a dataset with the run's columns and target (default: the run's test dataset, "
                    + "else its validation dataset, else its validation split)") @Nullable UUID datasetId,
            @Schema(description = "shuffles per column (default 5, at most 100)") @Nullable Integer repeats,
            @Schema(description = "the metric whose drop is measured (default accuracy for classifiers, r2 for "
                    + "regressions)") @Nullable MetricSpec metric,
            @Schema(description = "seed of the shuffles (default 0)") @Nullable Long seed) {}

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "computeImportance", summary = "Measure each column's permutation importance",
            description = "Queues a job that shuffles each of the run's columns (a one-hot group or a text column "
                    + "as one) across the dataset's rows, repeats times, and records how much the metric drops. The "
                    + "same request again answers 200 with the job that has it (unless that failed).")
    @ApiResponse(responseCode = "202", description = "Queued",
            headers = @Header(name = "Location", description = "the job's URL", schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "200", description = "The same request's job, kept")
    @ApiResponse(responseCode = "409", description = "The run has no model (it has not SUCCEEDED)")
    ResponseEntity<Importance.JobResponse> submit(@PathVariable UUID id,
                                                      @Valid @RequestBody(required = false) @Nullable ImportanceRequest request) {
        ImportanceRequest r = request != null ? request : new ImportanceRequest(null, null, null, null);
        var submitted = importance.submit(id, r.datasetId(), r.repeats(), r.metric(), r.seed());
        URI location = URI.create("/api/v1/runs/" + id + "/importance/" + submitted.job().id());
        return (submitted.created() ? ResponseEntity.accepted() : ResponseEntity.ok()).location(location)
                .body(submitted.job());
    }

    @GetMapping
    @Operation(operationId = "getImportance", summary = "The run's latest permutation importance",
            description = "The latest job (for datasetId when given) with its result once it SUCCEEDED: per column, "
                    + "the mean and standard deviation of the metric's drop, largest first.")
    @ApiResponse(responseCode = "200", description = "The job")
    @ApiResponse(responseCode = "404", description = "No importance was asked for this run (and dataset)")
    Importance.JobResponse latest(@PathVariable UUID id, @Parameter(description = "only jobs on this dataset")
                                      @RequestParam(required = false) @Nullable UUID datasetId) {
        return importance.latest(id, datasetId);
    }

    @GetMapping("/{job}")
    @Operation(operationId = "getImportanceJob", summary = "A permutation importance job",
            description = "Status, and the result once it SUCCEEDED.")
    @ApiResponse(responseCode = "200", description = "The job")
    Importance.JobResponse job(@PathVariable UUID id, @PathVariable UUID job) {
        return importance.find(id, job);
    }
}
