package dev.kiln.training;

import dev.kiln.feature.EncodedRows;
import dev.kiln.model.ModelSpec;
import dev.kiln.run.Hyperparameters;
import dev.kiln.run.Task;
import java.util.Optional;
import java.util.UUID;

/**
 * Everything the engine needs to train one run, already encoded.
 *
 * @param classes number of classes (1 for regression)
 * @param targetScale regression: the training target's standard deviation, to report errors in original units
 */
public record TrainingJob(UUID runId, ModelSpec model, Task task, int classes, EncodedRows train,
                          Optional<EncodedRows> validation, Optional<EncodedRows> test, Hyperparameters hyperparameters,
                          double targetScale, Cancellation cancellation) {}
