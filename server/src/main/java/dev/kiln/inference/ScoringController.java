package dev.kiln.inference;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.io.InputStream;
import java.net.URI;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

@RestController
@RequestMapping("/api/v1/runs/{id}/predictions")
@Tag(name = "Inference")
class ScoringController {
    private final BatchScoring scoring;

    ScoringController(BatchScoring scoring) {
        this.scoring = scoring;
    }

    /** The dataset to score; for a rating or ranking run, how many items per user and whether seen ones count. */
    record ScoreRequest(@Schema(description = "the dataset") @NotNull UUID datasetId,
                        @Schema(description = "rating and ranking runs: items per user of the dataset's user column "
                                + "(default 10)") @Nullable Integer k,
                        @Schema(description = "rating and ranking runs: leave out each user's training items "
                                + "(default true)") @Nullable Boolean excludeSeen) {}

    /** A scoring job: a run's model over every row (or image) of a dataset. */
    record JobResponse(UUID id, UUID runId, UUID datasetId, PredictionJob.Status status,
                       @Schema(description = "rows scored, once it SUCCEEDED") @Nullable Long rows,
                       @Nullable String error, Instant createdAt, @Nullable Instant finishedAt,
                       @Schema(description = "where the scored CSV is, once it SUCCEEDED") @Nullable String result) {
        static JobResponse from(PredictionJob j) {
            return new JobResponse(j.id(), j.runId(), j.datasetId(), j.status(), j.rowCount(), j.error(),
                    j.createdAt(), j.finishedAt(), j.status() == PredictionJob.Status.SUCCEEDED
                    ? "/api/v1/runs/" + j.runId() + "/predictions/" + j.id() + "/result" : null);
        }
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "scoreDataset", summary = "Score every row of a dataset, asynchronously",
            description = "Queues a job that writes the dataset's CSV with prediction (and probability_<label>) "
                    + "columns appended. The dataset must fit the model. A rating or ranking run's job writes "
                    + "user,rank,item,score: the top k items of each distinct user of the dataset's user column.")
    @ApiResponse(responseCode = "202", description = "Queued",
            headers = @Header(name = "Location", description = "the job's URL", schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "409", description = "The run has no model (it has not SUCCEEDED)")
    ResponseEntity<JobResponse> score(@PathVariable UUID id, @Valid @RequestBody ScoreRequest request) {
        PredictionJob job = scoring.submit(id, request.datasetId(), request.k(), request.excludeSeen());
        return ResponseEntity.accepted().location(URI.create("/api/v1/runs/" + id + "/predictions/" + job.id()))
                .body(JobResponse.from(job));
    }

    @GetMapping("/{job}")
    @Operation(operationId = "getPredictionJob", summary = "A scoring job",
            description = "Status, rows, and where its CSV is once it SUCCEEDED.")
    @ApiResponse(responseCode = "200", description = "The job")
    JobResponse job(@PathVariable UUID id, @PathVariable UUID job) {
        return JobResponse.from(scoring.find(id, job));
    }

    @GetMapping(value = "/{job}/result", produces = "text/csv")
    @Operation(operationId = "getPredictionResult", summary = "The scored dataset as CSV",
            description = "Its rows with the prediction columns appended.")
    @ApiResponse(responseCode = "200", description = "The CSV",
            content = @Content(mediaType = "text/csv", schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "409", description = "The job has not SUCCEEDED")
    ResponseEntity<StreamingResponseBody> result(@PathVariable UUID id, @PathVariable UUID job) {
        PredictionJob found = scoring.find(id, job);
        if (found.status() != PredictionJob.Status.SUCCEEDED) {
            throw new dev.kiln.domain.Conflict("prediction job " + job + " is " + found.status());
        }
        return ResponseEntity.ok().contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                .body(out -> {
                    try (InputStream in = scoring.result(found)) {
                        in.transferTo(out);
                    }
                });
    }
}
