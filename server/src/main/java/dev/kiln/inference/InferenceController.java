package dev.kiln.inference;

import dev.kiln.dataset.DatasetCatalog;
import dev.kiln.dataset.Table;
import dev.kiln.metrics.Evaluation;
import dev.kiln.domain.InvalidRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Inference", description = "Use trained models: predict, score datasets, evaluate, download and import")
class InferenceController {
    private final Inference inference;
    private final BatchScoring scoring;
    private final Artifacts artifacts;
    private final DatasetCatalog datasets;

    InferenceController(Inference inference, BatchScoring scoring, Artifacts artifacts, DatasetCatalog datasets) {
        this.inference = inference;
        this.scoring = scoring;
        this.artifacts = artifacts;
        this.datasets = datasets;
    }

    record PredictRequest(@NotNull List<Map<String, Object>> rows) {}

    record PredictResponse(List<Prediction> predictions) {}

    @PostMapping("/runs/{id}/predict")
    @Operation(summary = "Predict rows ({column: value}); labels with probabilities, or values in original units")
    PredictResponse predict(@PathVariable UUID id, @Valid @RequestBody PredictRequest request) {
        return new PredictResponse(inference.predict(id, request.rows()));
    }

    @PostMapping(value = "/runs/{id}/predict", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Predict images (PNG, JPEG, BMP, GIF as multipart parts named 'image'), resized and "
            + "converted as the training images were; one prediction per part, in order")
    PredictResponse predictImages(@PathVariable UUID id,
                                  @RequestPart(name = "image", required = false) List<MultipartFile> images)
            throws IOException {
        List<Inference.ImageUpload> uploads = new ArrayList<>();
        for (MultipartFile image : images == null ? List.<MultipartFile>of() : images) {
            uploads.add(new Inference.ImageUpload(image.getOriginalFilename(), image.getBytes()));
        }
        return new PredictResponse(inference.predictImages(id, uploads));
    }

    record DatasetRequest(@NotNull UUID datasetId) {}

    record EvaluateResponse(UUID runId, UUID datasetId, int rows, Map<String, Double> metrics, List<String> labels,
                            long[][] confusionMatrix, List<Evaluation.ClassScores> perClass) {}

    @PostMapping("/runs/{id}/evaluate")
    @Operation(summary = "Every metric the run records, and a classifier's confusion matrix, on another dataset")
    EvaluateResponse evaluate(@PathVariable UUID id, @Valid @RequestBody DatasetRequest request) {
        TrainedModel model = inference.trainedModel(id);
        var dataset = datasets.find(request.datasetId()).orElseThrow(() -> new InvalidRequest("datasetId",
                "no dataset with id " + request.datasetId()));
        if (model.pipeline().images() != null) {
            var evaluated = evaluateImages(id, model, dataset);
            Evaluation e = evaluated.evaluation();
            return new EvaluateResponse(id, request.datasetId(), evaluated.rows(), evaluated.metrics(), e.labels(),
                    e.confusionMatrix(), e.perClass());
        }
        if (dataset.isImages()) {
            throw new InvalidRequest("datasetId", "the dataset holds images; run " + id + "'s model takes rows of "
                    + "columns");
        }
        List<String> columns = new ArrayList<>(model.columns());
        String target = model.pipeline().target().column();
        columns.add(target);
        List<String> missing = columns.stream().filter(c -> dataset.getProfile().column(c).isEmpty()).toList();
        if (!missing.isEmpty()) {
            throw new InvalidRequest("datasetId", "the dataset lacks column(s) " + String.join(", ", missing));
        }
        Table table = datasets.readTable(request.datasetId(), columns);
        var evaluated = inference.evaluate(id, table, model.pipeline().rowsWithTarget(table));
        Evaluation e = evaluated.evaluation();
        return new EvaluateResponse(id, request.datasetId(), evaluated.rows(), evaluated.metrics(),
                e == null ? null : e.labels(), e == null ? null : e.confusionMatrix(), e == null ? null : e.perClass());
    }

    /** An image model on an image dataset of its shape; the dataset's classes must all be the model's. */
    private Inference.Evaluated evaluateImages(UUID id, TrainedModel model, dev.kiln.dataset.Dataset dataset) {
        var input = model.pipeline().images();
        if (!dataset.isImages()) {
            throw new InvalidRequest("datasetId", "the dataset is a table; run " + id + "'s model takes images");
        }
        var shape = dataset.getProfile().images().shape();
        if (shape.channels() != input.channels() || shape.height() != input.height() || shape.width() != input.width()) {
            throw new InvalidRequest("datasetId", "the dataset's images are " + shape + " (channels×height×width), the "
                    + "model takes " + input.channels() + "×" + input.height() + "×" + input.width() + "; upload them "
                    + "with imageSize and colorMode to match");
        }
        List<String> unknown = dataset.getProfile().images().classNames().stream()
                .filter(c -> !model.labels().contains(c)).toList();
        if (!unknown.isEmpty()) {
            throw new InvalidRequest("datasetId", "the dataset has classes the model does not know: "
                    + String.join(", ", unknown.size() > 20 ? unknown.subList(0, 20) : unknown));
        }
        var images = datasets.readImages(dataset.getId());
        float[] targets = new float[images.count()];
        for (int i = 0; i < targets.length; i++) {
            targets[i] = model.labels().indexOf(images.classes().get(images.labels()[i]));
        }
        return inference.evaluateImages(id, model, images, targets);
    }

    record JobResponse(UUID id, UUID runId, UUID datasetId, String status, Long rows, String error, Instant createdAt,
                       Instant finishedAt, String result) {
        static JobResponse from(PredictionJob j) {
            return new JobResponse(j.id(), j.runId(), j.datasetId(), j.status().name(), j.rowCount(), j.error(),
                    j.createdAt(), j.finishedAt(), j.status() == PredictionJob.Status.SUCCEEDED
                    ? "/api/v1/runs/" + j.runId() + "/predictions/" + j.id() + "/result" : null);
        }
    }

    @PostMapping("/runs/{id}/predictions")
    @Operation(summary = "Score every row of a dataset, asynchronously: 202 and the job's location")
    ResponseEntity<JobResponse> score(@PathVariable UUID id, @Valid @RequestBody DatasetRequest request) {
        PredictionJob job = scoring.submit(id, request.datasetId());
        return ResponseEntity.accepted().location(URI.create("/api/v1/runs/" + id + "/predictions/" + job.id()))
                .body(JobResponse.from(job));
    }

    @GetMapping("/runs/{id}/predictions/{job}")
    @Operation(summary = "A scoring job: status, rows, and where its CSV is once it SUCCEEDED")
    JobResponse job(@PathVariable UUID id, @PathVariable UUID job) {
        return JobResponse.from(scoring.find(id, job));
    }

    @GetMapping(value = "/runs/{id}/predictions/{job}/result", produces = "text/csv")
    @Operation(summary = "The scored dataset: its rows with prediction columns appended")
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

    @GetMapping(value = "/runs/{id}/model", produces = "application/zip")
    @Operation(summary = "The run's model artifact: a ZIP of kiln-model.json and parameters.ckpt")
    ResponseEntity<StreamingResponseBody> download(@PathVariable UUID id) {
        inference.trainedModel(id);
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/zip"))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"kiln-model-" + id + ".zip\"")
                .body(out -> artifacts.export(id, out));
    }

    record ImportResponse(UUID runId, String status, boolean imported) {}

    @PostMapping(value = "/models/import", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Import a model artifact as a SUCCEEDED run that predicts")
    ResponseEntity<ImportResponse> importModel(@RequestPart("file") MultipartFile file) throws IOException {
        try (InputStream in = file.getInputStream()) {
            var run = artifacts.importArtifact(in);
            return ResponseEntity.created(URI.create("/api/v1/runs/" + run.getId()))
                    .body(new ImportResponse(run.getId(), run.getStatus().name(), true));
        }
    }
}
