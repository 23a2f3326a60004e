package dev.kiln.run.web;

import dev.kiln.feature.PreprocessingOptions;
import dev.kiln.run.Hyperparameters;
import dev.kiln.run.InitFrom;
import dev.kiln.run.RunSubmission;
import dev.kiln.run.Task;
import dev.kiln.run.spec.Augmentation;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A run submission as sent: everything but the dataset and the model may be left out. */
@Schema(description = "A training run to queue")
public record SubmitRun(
        @Schema(description = "the training dataset") @NotNull UUID datasetId,
        @Schema(description = "the model definition") @NotNull UUID modelId,
        @Schema(description = "the column to predict; an image dataset's target is its class label and may be left out")
        @Size(min = 1, max = 500) @Nullable String target,
        @Schema(description = "inferred from the target when absent") @Nullable Task task,
        @Schema(description = "feature columns; every column but the target when absent")
        @Size(max = 100_000) @Nullable List<@NotNull @Size(max = 500) String> features,
        @Schema(description = "evaluated once at the end with the run's fitted preprocessing") @Nullable UUID testDatasetId,
        @Schema(description = "validation data of its own (Keras's validation_data), instead of hyperparameters."
                + "validationSplit") @Nullable UUID validationDatasetId,
        @Schema(description = "how the run trains; every field may be left out") @Valid @Nullable
        Hyperparameters hyperparameters,
        @Schema(description = "higher runs start first; 0 when absent") @Min(-1000) @Max(1000) @Nullable Integer priority,
        @Schema(description = "how features are scaled, encoded, imputed and clipped; standardize + mean imputation, "
                + "one-hot when absent") @Valid @Nullable PreprocessingOptions preprocessing,
        @Schema(description = "a warm start from a previous run's weights") @Valid @Nullable InitFrom initFrom,
        @Schema(description = "image datasets: random changes to training images, per batch") @Valid @Nullable
        Augmentation augmentation,
        @Schema(description = "rating and ranking runs: the columns of user, item, rating and time, the hold-out and "
                + "the negatives") @Valid dev.kiln.interaction.@Nullable Interactions interactions,
        @Schema(description = "labels to find the run by (GET /runs?filter=tags.team = 'risk'): up to 20 keys of "
                + "letters, digits, '_', '.', '-', values up to 256 characters; changed later with PATCH /runs/{id}")
        java.util.@Nullable Map<String, String> tags,
        @Schema(description = "classification runs: learn from a trained teacher run's softened outputs as well as "
                + "the labels (knowledge distillation)") @Valid dev.kiln.run.spec.@Nullable Distillation distillation,
        @Schema(description = "magnitude pruning of the dense and convolution kernels during training") @Valid
        dev.kiln.run.spec.@Nullable Pruning pruning) {

    public RunSubmission toSubmission() {
        return new RunSubmission(datasetId, modelId, target, task, features, testDatasetId, validationDatasetId,
                hyperparameters, priority, preprocessing, initFrom, augmentation, interactions, tags, distillation, pruning);
    }
}
