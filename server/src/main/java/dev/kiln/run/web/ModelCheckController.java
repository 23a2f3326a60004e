package dev.kiln.run.web;

import dev.kiln.dataset.ColumnProfile;
import dev.kiln.dataset.Dataset;
import dev.kiln.dataset.DatasetCatalog;
import dev.kiln.dataset.DatasetProfile;
import dev.kiln.model.ModelCatalog;
import dev.kiln.model.ModelSpec;
import dev.kiln.model.ShapeTrace;
import dev.kiln.domain.InvalidParameter;
import dev.kiln.domain.InvalidRequest;
import dev.kiln.domain.Violation;
import dev.kiln.feature.PreprocessingOptions;
import dev.kiln.model.InputLayout;
import dev.kiln.run.InputShapes;
import dev.kiln.run.ModelInputs;
import dev.kiln.run.Task;
import dev.kiln.run.TaskInference;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.jspecify.annotations.Nullable;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The dry run of a model definition: its shapes traced on a dataset's input (or on an input shape given outright),
 * with parameter counts, and — with a dataset — whether its output fits the target. Nothing is trained or stored.
 */
@RestController
@RequestMapping("/api/v1/models")
@Tag(name = "Models")
class ModelCheckController {
    private final ModelCatalog models;
    private final DatasetCatalog datasets;

    ModelCheckController(ModelCatalog models, DatasetCatalog datasets) {
        this.models = models;
        this.datasets = datasets;
    }

    /** One layer of the trace. */
    /**
     * One layer as it runs.
     *
     * @param inputs the layers it reads, by name ("input" for the model's only input)
     */
    record LayerShape(int index, String name, String type, List<String> inputs, List<Integer> inputShape,
                      List<Integer> outputShape, long parameters, long multiplyAccumulates) {}

    /** The trace of a model on an input: every layer's shapes and parameters, and the totals. */
    record CheckResponse(UUID modelId, @Nullable UUID datasetId, @Nullable String target, @Nullable Task task,
                         List<Integer> input, boolean inputEstimated, List<LayerShape> layers, long parameters,
                         long trainableParameters, long nonTrainableParameters, long multiplyAccumulates) {}

    @PostMapping("/{id}/check")
    @Operation(operationId = "checkModel", summary = "Dry run of a model on a dataset's input or on an input shape",
            description = "Per-layer output shapes and parameter counts on a dataset's input (datasetId, target) or "
                    + "on inputShape (e.g. 1,28,28); 422 names the first layer that does not fit and why, with the "
                    + "trace up to it. Shapes leave out the batch axis and are channels-first: (features), (channels, "
                    + "length) or (channels, height, width). A table's width is estimated from its profile (one input "
                    + "per numeric column, one per category of a one-hot column).")
    @ApiResponse(responseCode = "200", description = "The trace; the model fits")
    CheckResponse check(@PathVariable UUID id,
                        @Parameter(description = "trace on this dataset's input") @RequestParam(name = "datasetId",
                                required = false) UUID datasetId,
                        @Parameter(description = "with a tabular dataset: the column to predict")
                        @RequestParam(name = "target", required = false) String target,
                        @Parameter(description = "trace on this input shape instead, e.g. 1,28,28")
                        @RequestParam(name = "inputShape", required = false) String inputShape) {
        ModelSpec spec = models.get(id).getSpec();
        List<Violation> violations = new ArrayList<>();
        InputLayout input;
        boolean estimated = false;
        Task task = null;
        Dataset dataset = null;
        String targetName = target;
        if (datasetId != null) {
            dataset = datasets.find(datasetId).orElseThrow(() -> new InvalidRequest("datasetId",
                    "no dataset with id " + datasetId));
            var profile = dataset.getProfile();
            if (targetName == null && dataset.isImages()) {
                targetName = DatasetProfile.LABEL;
            }
            if (targetName == null) {
                throw new InvalidRequest("target", "required with a tabular dataset; columns: "
                        + String.join(", ", profile.columnNames()));
            }
            String name = targetName;
            ColumnProfile column = profile.column(name).orElseThrow(() -> new InvalidRequest("target",
                    "no column '" + name + "' in the dataset"));
            List<String> features = dataset.isImages() ? List.of()
                    : ModelInputs.columns(spec, profile.columnNames()).orElse(profile.columnNames().stream()
                    .filter(c -> !c.equals(name)).toList());
            InputShapes.Estimate estimate = InputShapes.of(dataset, features, dataset.isImages() ? null
                    : ModelInputs.withIdColumns(PreprocessingOptions.defaults(), ModelInputs.idColumns(spec, features),
                    profile, violations));
            input = estimate.layout();
            estimated = !estimate.exact();
            task = TaskInference.task(null, column, violations);
            if (task != null) {
                TaskInference.checkOutput(spec, task, column, violations);
            }
        } else if (inputShape != null) {
            input = InputLayout.of(InputLayout.parseShape(inputShape));
        } else {
            throw new InvalidParameter("datasetId", "name a dataset (datasetId) or an input shape (inputShape, e.g. "
                    + "1,28,28 for 28×28 gray images or 20 for 20 features)");
        }
        ShapeTrace trace = ShapeTrace.of(spec, input);
        List<LayerShape> layers = trace.steps().stream().map(s -> new LayerShape(s.index(), s.name(), s.type(),
                s.inputs(), list(s.received()), list(s.output()), s.parameters(), s.multiplyAccumulates())).toList();
        if (trace.misfit().isPresent()) {
            var misfit = trace.misfit().get();
            violations.add(0, new Violation(misfit.path(), ShapeTrace.typeName(spec.layers().get(misfit.index()))
                    + ": " + misfit.reason()));
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequest(violations).with("input", list(input.shape())).with("layers", layers);
        }
        return new CheckResponse(id, datasetId, dataset == null ? null : targetName, task, list(input.shape()), estimated,
                layers, trace.parameters(), trace.trainableParameters(), trace.parameters() - trace.trainableParameters(),
                trace.multiplyAccumulates());
    }

    private static List<Integer> list(int[] shape) {
        return Arrays.stream(shape).boxed().toList();
    }
}
