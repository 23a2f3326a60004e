package dev.kiln.run;

import dev.kiln.feature.PreprocessingOptions;
import dev.kiln.run.spec.Augmentation;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A request to train: what, on which data, and how. Everything but the dataset and the model may be left out;
 * {@link RunHistory#submit} checks it and resolves it into a run with its {@link dev.kiln.run.spec.TrainingSpec}.
 */
public record RunSubmission(UUID datasetId, UUID modelId, @Nullable String target, @Nullable Task task,
                            @Nullable List<String> features, @Nullable UUID testDatasetId,
                            @Nullable UUID validationDatasetId, @Nullable Hyperparameters hyperparameters,
                            @Nullable Integer priority, @Nullable PreprocessingOptions preprocessing,
                            @Nullable InitFrom initFrom, @Nullable Augmentation augmentation,
                            dev.kiln.interaction.@Nullable Interactions interactions,
                            @Nullable Map<String, String> tags,
                            dev.kiln.run.spec.@Nullable Distillation distillation,
                            dev.kiln.run.spec.@Nullable Pruning pruning) {

    public Hyperparameters requested() {
        return hyperparameters == null ? Hyperparameters.none() : hyperparameters;
    }
}
