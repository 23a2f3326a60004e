package dev.kiln.study.web;

import dev.kiln.run.Run;
import dev.kiln.study.Studies;
import dev.kiln.study.Study;
import dev.kiln.web.PageQuery;
import dev.kiln.web.Paged;
import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.Operation;
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
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/studies")
@Tag(name = "Studies", description = "Hyperparameter studies: grid, random and TPE search over a run's hyperparameters "
        + "and model, with median or ASHA pruning, spread over the workers")
class StudyController {
    private static final Set<String> SORTABLE = Set.of("createdAt");
    private static final String HOW = """
            Each trial is a run in the normal queue (with studyId and trialNumber), so trials spread over every \
            worker; at most `parallelism` are queued or training at once. The study's state is in the database: it \
            carries on after any instance stops. A trial's objective is its best epoch's value of the objective \
            metric. Pruning is decided from the epochs the trials record: `median` stops a trial whose best so far is \
            worse than the median of the succeeded trials' at that epoch; `asha` (asynchronous successive halving) \
            stops a trial that is not among the top 1/reductionFactor of those that reached its rung (epochs \
            minEpochs·reductionFactor^k). A pruned trial's run is cancelled, its epochs kept; the trial is PRUNED \
            with the rung and why. Before anything is queued, the base run is checked as POST /runs checks it, the \
            objective against what those runs record, and every range's ends and every option are set into the \
            run and checked: a value refused is a 422 naming its path in the space.""";

    private final Studies studies;

    StudyController(Studies studies) {
        this.studies = studies;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "createStudy", summary = "Start a hyperparameter study", description = HOW)
    @ApiResponse(responseCode = "202", description = "Accepted; the study as stored",
            headers = @Header(name = "Location", description = "the study's URL", schema = @Schema(type = "string")))
    ResponseEntity<StudyResponse> create(@Valid @RequestBody CreateStudy body) {
        Study study = studies.create(body.toRequest());
        return ResponseEntity.accepted().location(URI.create("/api/v1/studies/" + study.id()))
                .body(StudyResponse.from(studies.get(study.id()), studies.trials(study.id())));
    }

    @GetMapping
    @Operation(operationId = "listStudies", summary = "Studies, newest first",
            description = "Each with its status, objective and algorithm; GET /studies/{id} has the trials.")
    @ApiResponse(responseCode = "200", description = "One page of studies")
    Paged<StudySummary> list(@ParameterObject @Valid PageQuery page) {
        return Paged.of(studies.list(page.pageable(SORTABLE)), StudySummary::from);
    }

    @GetMapping("/{id}")
    @Operation(operationId = "getStudy", summary = "A study with its trials",
            description = "Status, every trial (number, run, parameters, objective, state, epochs), the best trial "
                    + "and each parameter's importance.")
    @ApiResponse(responseCode = "200", description = "The study")
    StudyResponse get(@PathVariable UUID id) {
        return StudyResponse.from(studies.get(id), studies.trials(id));
    }

    @GetMapping(value = "/{id}/trials", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "listStudyTrials", summary = "A study's trials",
            description = "Every trial, in order. As CSV (a column per parameter): /trials.csv, ?format=csv or Accept: "
                    + "text/csv.")
    @ApiResponse(responseCode = "200", description = "The trials")
    List<TrialResponse> trials(@PathVariable UUID id) {
        return studies.trials(id).stream().map(TrialResponse::from).toList();
    }

    @GetMapping(value = "/{id}/trials.csv", produces = "text/csv")
    @Operation(operationId = "getStudyTrialsCsv", summary = "A study's trials as CSV",
            description = "number, runId, state, objective, bestEpoch, epochs, prunedRung, reason, then a column per "
                    + "parameter (an object option's fields each in a column of their own).")
    @ApiResponse(responseCode = "200", description = "The trials as CSV",
            content = @Content(mediaType = "text/csv", schema = @Schema(type = "string")))
    ResponseEntity<String> trialsCsv(@PathVariable UUID id) {
        return ResponseEntity.ok().header("Content-Type", "text/csv; charset=utf-8")
                .body(TrialsCsv.write(studies.trials(id)));
    }

    /** The CSV also answers {@code ?format=csv} and {@code Accept: text/csv} on the JSON path. */
    @Hidden
    @GetMapping(value = "/{id}/trials", params = "format=csv")
    ResponseEntity<String> trialsWithFormatCsv(@PathVariable UUID id) {
        return trialsCsv(id);
    }

    @Hidden
    @GetMapping(value = "/{id}/trials", produces = "text/csv")
    ResponseEntity<String> trialsAsCsv(@PathVariable UUID id) {
        return trialsCsv(id);
    }

    @PostMapping("/{id}/cancel")
    @Operation(operationId = "cancelStudy", summary = "Cancel a study",
            description = "No more trials start; queued trials are cancelled at once, training ones stop at their next "
                    + "batch boundary. The study ends CANCELLED when its last trial has.")
    @ApiResponse(responseCode = "202", description = "Asked to stop")
    @ApiResponse(responseCode = "409", description = "The study has already ended")
    ResponseEntity<StudyResponse> cancel(@PathVariable UUID id) {
        studies.cancel(id);
        return ResponseEntity.accepted().body(StudyResponse.from(studies.get(id), studies.trials(id)));
    }

    @org.springframework.web.bind.annotation.DeleteMapping("/{id}")
    @Operation(operationId = "deleteStudy", summary = "Delete an ended study, its trials' runs and their files",
            description = "Removes the study, each trial's run with its checkpoints and model, and the model "
                    + "definitions made for its trials (unless another run uses one). A retraining of the best trial "
                    + "is a run of its own and stays. 409 while the study runs: cancel it first.")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "409", description = "The study has not ended")
    ResponseEntity<Void> delete(@PathVariable UUID id) {
        studies.delete(id);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{id}/best/retrain")
    @Operation(operationId = "retrainBestTrial", summary = "Train the best configuration on train + validation",
            description = "Queues a run of the best succeeded trial's parameters with the validation split folded "
                    + "into training (validationSplit 0, no early stopping) for as many epochs as the trial needed to "
                    + "reach its best; the run has the study's id and no trial number. 409 while no trial has "
                    + "succeeded; 422 when the trials validate on a dataset of their own.")
    @ApiResponse(responseCode = "202", description = "Queued; the run",
            headers = @Header(name = "Location", description = "the run's URL", schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "409", description = "No trial has succeeded yet")
    ResponseEntity<RetrainResponse> retrain(@PathVariable UUID id) {
        Run run = studies.retrainBest(id);
        return ResponseEntity.accepted().location(URI.create("/api/v1/runs/" + run.getId()))
                .body(new RetrainResponse(id, run.getId(), run.getStatus().name()));
    }

    @Schema(description = "The run that retrains a study's best trial")
    record RetrainResponse(UUID studyId, UUID runId, @Schema(description = "the run's status (QUEUED)") String status) {}
}
