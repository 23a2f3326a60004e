package dev.kiln.inference;

import dev.kiln.dataset.DatasetCatalog;
import dev.kiln.dataset.Table;
import dev.kiln.domain.InvalidRequest;
import dev.kiln.feature.DatasetRequirements;
import dev.kiln.metrics.Evaluation;
import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@RestController
@RequestMapping("/api/v1/runs/{id}")
@Tag(name = "Inference", description = "Use trained models: predict, score datasets, evaluate, download and import")
class PredictionController {
    private final Inference inference;
    private final DatasetCatalog datasets;

    PredictionController(Inference inference, DatasetCatalog datasets) {
        this.inference = inference;
        this.datasets = datasets;
    }

    /** Rows to predict: each an object from column name to value. */
    record PredictRequest(@Schema(description = "rows as {column: value}; absent or null features are imputed as "
            + "the run's preprocessing says") @NotNull List<Map<String, Object>> rows) {}

    /** One prediction per row or image, in order. */
    record PredictResponse(List<Prediction> predictions) {}

    @PostMapping(value = "/predict", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "predictRows", summary = "Predict rows with a SUCCEEDED run's model",
            description = "Labels with every class's probability, or values in the target's original units. A value "
                    + "of the wrong type is refused with 422 naming rows[i].column.")
    @ApiResponse(responseCode = "200", description = "One prediction per row, in order")
    @ApiResponse(responseCode = "409", description = "The run has no model (it has not SUCCEEDED)")
    PredictResponse predict(@PathVariable UUID id, @Valid @RequestBody PredictRequest request) {
        return new PredictResponse(inference.predict(id, request.rows()));
    }

    @PostMapping(value = "/predict/images", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(operationId = "predictImages", summary = "Predict images with a SUCCEEDED image run's model",
            description = "PNG, JPEG, BMP or GIF files as multipart parts named 'image', resized and converted as the "
                    + "training images were; one prediction per part, in order.")
    @ApiResponse(responseCode = "200", description = "One prediction per image, in order")
    @ApiResponse(responseCode = "409", description = "The run has no model (it has not SUCCEEDED)")
    @ApiResponse(responseCode = "413", description = "An image is larger than kiln.inference.max-image-size")
    PredictResponse predictImages(@PathVariable UUID id,
                                  @Parameter(description = "the images", required = true)
                                  @RequestPart(name = "image", required = false) List<MultipartFile> images)
            throws IOException {
        List<Inference.ImageUpload> uploads = new ArrayList<>();
        for (MultipartFile image : images == null ? List.<MultipartFile>of() : images) {
            uploads.add(new Inference.ImageUpload(image.getOriginalFilename(), image.getBytes()));
        }
        return new PredictResponse(inference.predictImages(id, uploads));
    }

    /** Images sent to {@code /predict} as multipart, as the README's curl examples did before /predict/images. */
    @Hidden
    @PostMapping(value = "/predict", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    PredictResponse predictImagesAtPredict(@PathVariable UUID id,
                                           @RequestPart(name = "image", required = false) List<MultipartFile> images)
            throws IOException {
        return predictImages(id, images);
    }

    /** A dataset to evaluate on or to score. */
    record DatasetRequest(@Schema(description = "the dataset") @NotNull UUID datasetId) {}

    /** Every metric the run records, and a classifier's confusion matrix, on a dataset. */
    record EvaluateResponse(UUID runId, UUID datasetId, int rows, Map<String, Double> metrics,
                            @Nullable List<String> labels, long @Nullable [][] confusionMatrix,
                            @Nullable List<Evaluation.ClassScores> perClass) {}

    @PostMapping(value = "/evaluate", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "evaluateRun", summary = "Evaluate a SUCCEEDED run's model on another dataset",
            description = "Every metric the run records, and a classifier's confusion matrix and per-class scores. The "
                    + "dataset must fit the model: its columns (or images) and target classes.")
    @ApiResponse(responseCode = "200", description = "The evaluation")
    @ApiResponse(responseCode = "409", description = "The run has no model (it has not SUCCEEDED)")
    EvaluateResponse evaluate(@PathVariable UUID id, @Valid @RequestBody DatasetRequest request) {
        TrainedModel model = inference.trainedModel(id);
        var dataset = datasets.find(request.datasetId()).orElseThrow(() -> new InvalidRequest("datasetId",
                "no dataset with id " + request.datasetId()));
        var violations = DatasetRequirements.of(model.pipeline()).check(dataset.getProfile(), "datasetId");
        if (!violations.isEmpty()) {
            throw new InvalidRequest(violations);
        }
        Inference.Evaluated evaluated;
        if (model.pipeline().images() != null) {
            var images = datasets.readImages(dataset.getId());
            float[] targets = new float[images.count()];
            for (int i = 0; i < targets.length; i++) {
                targets[i] = model.labels().indexOf(images.classes().get(images.labels()[i]));
            }
            evaluated = inference.evaluateImages(id, model, images, targets);
        } else {
            List<String> columns = new ArrayList<>(model.columns());
            columns.add(model.pipeline().target().column());
            Table table = datasets.readTable(request.datasetId(), columns);
            evaluated = inference.evaluate(id, table, model.pipeline().rowsWithTarget(table));
        }
        Evaluation e = evaluated.evaluation();
        return new EvaluateResponse(id, request.datasetId(), evaluated.rows(), evaluated.metrics(),
                e == null ? null : e.labels(), e == null ? null : e.confusionMatrix(), e == null ? null : e.perClass());
    }
}
