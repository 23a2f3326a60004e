package dev.kiln.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.List;

/**
 * How a run trains. Every field is optional on submission; {@link HyperparameterResolver} fills in the
 * documented default and the run stores (and returns) the resolved set.
 *
 * @param epochs passes over the training split (default 10)
 * @param batchSize rows per gradient step (default 32)
 * @param validationSplit fraction of the dataset held out for validation metrics, stratified by class for
 *     classification (default 0.2; 0 disables validation)
 * @param shuffle whether each epoch visits the training rows in a new random order (default true)
 * @param seed seeds the split, the shuffling, initialisation and dropout (default: drawn at submission and stored)
 * @param optimizer see {@link OptimizerSpec} (default adam)
 * @param device {@code auto} (default: the GPU when the engine reports one), {@code cpu} or {@code gpu}
 * @param threads intra-op threads of the engine for this run (default: chosen from the model's work per batch,
 *     see {@code kiln.training.threads}); the number used is recorded on the run
 * @param maxRuntime ISO-8601 duration (e.g. {@code PT30M}) after which a running run ends FAILED with its
 *     finished epochs kept (default: no limit)
 * @param metrics what each epoch records besides the loss, on the training and validation data (val_ prefix) and
 *     finally on the test data (test_ prefix); default accuracy (classification) or mae (regression)
 * @param learningRateSchedule see {@link LearningRateSchedule} (default: constant)
 * @param earlyStopping see {@link EarlyStoppingSpec} (default: none)
 * @param classWeights see {@link ClassWeights} (default: none)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Hyperparameters(
        @Schema(description = "passes over the training split", defaultValue = "10") @Min(1) @Max(100_000) Integer epochs,
        @Schema(description = "rows per step", defaultValue = "32") @Min(1) @Max(1_048_576) Integer batchSize,
        @Schema(description = "held-out fraction for validation (stratified); 0 disables", defaultValue = "0.2")
        @DecimalMin("0.0") @DecimalMax("0.9") Double validationSplit,
        @Schema(description = "reshuffle the training rows every epoch", defaultValue = "true") Boolean shuffle,
        @Schema(description = "random seed; drawn at submission and stored when absent") Long seed,
        @Schema(description = "the optimizer (adam by default)") @Valid OptimizerSpec optimizer,
        @Schema(description = "where to train; auto takes the GPU when there is one", defaultValue = "auto", allowableValues = {"auto", "cpu", "gpu"}) String device,
        @Schema(description = "engine intra-op threads; chosen from the model's work per batch when absent")
        @Min(1) @Max(256) Integer threads,
        @Schema(description = "ISO-8601 duration after which the run ends FAILED, e.g. PT30M; no limit when absent", example = "PT30M") String maxRuntime,
        @Schema(description = "accuracy, precision, recall, f1, auc, topKAccuracy (classification); mse, mae, rmse, "
                + "r2 (regression); a name or {\"name\", \"k\", \"average\"}; default accuracy or mae")
        List<dev.kiln.metrics.MetricSpec> metrics,
        @Schema(description = "how the learning rate changes per epoch; constant when absent")
        @Valid LearningRateSchedule learningRateSchedule,
        @Schema(description = "Keras EarlyStopping; none when absent") @Valid EarlyStoppingSpec earlyStopping,
        @Schema(description = "\"balanced\" or {\"label\": weight}") ClassWeights classWeights) {

    /** Hyperparameters from their JSON form (as submitted or stored). */
    public static Hyperparameters fromJson(String json) {
        return dev.kiln.persistence.JsonColumn.mapper().readValue(json, Hyperparameters.class);
    }

    public static Hyperparameters none() {
        return new Hyperparameters(null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** These hyperparameters with other metrics. */
    public Hyperparameters withMetrics(List<dev.kiln.metrics.MetricSpec> metrics) {
        return new Hyperparameters(epochs, batchSize, validationSplit, shuffle, seed, optimizer, device, threads,
                maxRuntime, metrics, learningRateSchedule, earlyStopping, classWeights);
    }

    /** The run's time limit, when it has one. */
    public java.util.Optional<java.time.Duration> runtimeLimit() {
        return maxRuntime == null ? java.util.Optional.empty()
                : java.util.Optional.of(java.time.Duration.parse(maxRuntime));
    }
}
