package dev.kiln.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.kiln.metrics.MetricSpec;
import dev.kiln.run.spec.ClassWeights;
import dev.kiln.run.spec.Device;
import dev.kiln.run.spec.EarlyStoppingSpec;
import dev.kiln.run.spec.Optimizer;
import dev.kiln.run.spec.Schedule;
import dev.kiln.run.spec.TrainingSpec;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How a run should train, as submitted ({@code hyperparameters} of {@code POST /runs}): every field may be left out.
 * Submission resolves it once into a {@link TrainingSpec}; the defaults are {@link TrainingSpec}'s and those of the
 * option types' own constructors, published from there ({@link #defaults()}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "How a run trains; every field may be left out")
public record Hyperparameters(
        @Schema(description = "passes over the training split") @Min(1) @Max(100_000) @Nullable Integer epochs,
        @Schema(description = "rows per gradient step") @Min(1) @Max(1_048_576) @Nullable Integer batchSize,
        @Schema(description = "held-out fraction for validation (stratified by class); 0 disables; not with a "
                + "validationDatasetId") @DecimalMin("0.0") @DecimalMax("0.9") @Nullable Double validationSplit,
        @Schema(description = "reshuffle the training rows every epoch") @Nullable Boolean shuffle,
        @Schema(description = "seeds the split, the shuffling, initialisation and dropout; drawn at submission and "
                + "stored when absent") @Nullable Long seed,
        @Schema(description = "the optimizer") @Valid @Nullable Optimizer optimizer,
        @Schema(description = "where to train; auto takes the GPU when there is one") @Nullable Device device,
        @Schema(description = "engine intra-op threads; chosen from the model's work per batch when absent")
        @Min(1) @Max(256) @Nullable Integer threads,
        @Schema(description = "ISO-8601 duration after which the run ends FAILED, e.g. PT30M; no limit when absent",
                example = "PT30M") @Size(max = 100) @Nullable String maxRuntime,
        @Schema(description = "what each epoch records besides the loss: accuracy, precision, recall, f1, auc, "
                + "topKAccuracy (classification); mse, mae, rmse, r2 (regression); accuracy or mae when absent")
        @Size(max = 20) @Nullable List<@Valid MetricSpec> metrics,
        @Schema(description = "how the learning rate changes per epoch; constant when absent") @Valid @Nullable
        Schedule learningRateSchedule,
        @Schema(description = "Keras's EarlyStopping; none when absent") @Valid @Nullable EarlyStoppingSpec earlyStopping,
        @Schema(description = "\"balanced\" or {\"label\": weight}; none when absent") @Nullable ClassWeights classWeights) {

    /** Nothing set: every option takes its default. */
    public static Hyperparameters none() {
        return new Hyperparameters(null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /**
     * What leaving every field out resolves to, as the OpenAPI document and {@code /schema/hyperparameters} publish
     * it: {@link TrainingSpec}'s defaults, without the seed (drawn at submission) and the metrics (the task's).
     */
    public static Hyperparameters defaults() {
        TrainingSpec d = TrainingSpec.defaults();
        return new Hyperparameters(d.epochs(), d.batchSize(), d.validationSplit(), d.shuffle(), null, d.optimizer(),
                d.device(), null, null, null, d.learningRateSchedule(), null, null);
    }
}
