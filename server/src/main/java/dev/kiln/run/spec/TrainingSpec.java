package dev.kiln.run.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.kiln.feature.PreprocessingOptions;
import dev.kiln.metrics.MetricSpec;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * How a run trains, resolved once at submission: every default filled in, every option checked against the run's
 * dataset, model and task. Stored with the run, shown by {@code GET /runs/{id}}, written into artifacts and
 * provenance, and the only training type the engine reads. Components marked {@code @Nullable} are genuinely
 * optional (absent means "none" or "chosen automatically"); the rest are never null.
 *
 * @param validationSplit the fraction of the dataset held out for validation (0 with a validation dataset)
 * @param validationDatasetId a separate validation dataset (Keras's {@code validation_data}), instead of a split
 * @param threads engine intra-op threads; absent: chosen from the model's work per batch
 * @param maxRuntime ISO-8601 duration after which a running run ends FAILED; absent: no limit
 * @param metrics what every epoch records besides the loss, settled for the task
 * @param interactions a rating or ranking run's interaction columns, hold-out and sampling; null for other runs
 * @param distillation the teacher a classification run learns from besides its labels; null for none
 * @param pruning magnitude pruning of the kernels during training; null for none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "The resolved hyperparameters of a run: every default filled in")
public record TrainingSpec(int epochs, int batchSize, double validationSplit, @Nullable UUID validationDatasetId,
                           boolean shuffle, long seed, Optimizer optimizer, Device device, @Nullable Integer threads,
                           @Nullable String maxRuntime, List<MetricSpec> metrics, Schedule learningRateSchedule,
                           @Nullable EarlyStoppingSpec earlyStopping, @Nullable ClassWeights classWeights,
                           PreprocessingOptions preprocessing, @Nullable Augmentation augmentation,
                           dev.kiln.interaction.@Nullable InteractionSpec interactions,
                           @Nullable Distillation distillation, @Nullable Pruning pruning) {
    /** The defaults of the options a request may leave out; written here only. */
    public static final int EPOCHS = 10;
    public static final int BATCH_SIZE = 32;
    public static final double VALIDATION_SPLIT = 0.2;
    public static final boolean SHUFFLE = true;

    public TrainingSpec {
        optimizer = optimizer == null ? Optimizer.defaults() : optimizer;
        device = device == null ? Device.AUTO : device;
        metrics = metrics == null ? List.of() : List.copyOf(metrics);
        learningRateSchedule = learningRateSchedule == null ? new Schedule.Constant() : learningRateSchedule;
        preprocessing = preprocessing == null ? PreprocessingOptions.defaults() : preprocessing;
    }

    /** What a request that sets nothing resolves to (the seed aside, which is drawn, and metrics, which follow the task). */
    public static TrainingSpec defaults() {
        return new TrainingSpec(EPOCHS, BATCH_SIZE, VALIDATION_SPLIT, null, SHUFFLE, 0, null, null, null, null, null,
                null, null, null, null, null, null, null, null);
    }

    /** A spec from its JSON form (as stored with a run, or written in an artifact). */
    public static TrainingSpec fromJson(String json) {
        return dev.kiln.persistence.JsonColumn.mapper().readValue(json, TrainingSpec.class);
    }

    /** The run's time limit, when it has one. */
    public Optional<Duration> runtimeLimit() {
        return maxRuntime == null ? Optional.empty() : Optional.of(Duration.parse(maxRuntime));
    }

    /** Whether part of the data is (or a dataset is) held out for validation. */
    @JsonIgnore
    public boolean validates() {
        return validationSplit > 0 || validationDatasetId != null || interactions != null
                && interactions.split() == dev.kiln.interaction.HoldOut.LEAVE_LAST_OUT;
    }

    public TrainingSpec withMetrics(List<MetricSpec> settled) {
        return new TrainingSpec(epochs, batchSize, validationSplit, validationDatasetId, shuffle, seed, optimizer,
                device, threads, maxRuntime, Objects.requireNonNull(settled), learningRateSchedule, earlyStopping,
                classWeights, preprocessing, augmentation, interactions, distillation, pruning);
    }

    public TrainingSpec withPreprocessing(PreprocessingOptions other) {
        return new TrainingSpec(epochs, batchSize, validationSplit, validationDatasetId, shuffle, seed, optimizer,
                device, threads, maxRuntime, metrics, learningRateSchedule, earlyStopping, classWeights,
                Objects.requireNonNull(other), augmentation, interactions, distillation, pruning);
    }

    public TrainingSpec withInteractions(dev.kiln.interaction.InteractionSpec settled) {
        return new TrainingSpec(epochs, batchSize, validationSplit, validationDatasetId, shuffle, seed, optimizer,
                device, threads, maxRuntime, metrics, learningRateSchedule, earlyStopping, classWeights, preprocessing,
                augmentation, Objects.requireNonNull(settled), distillation, pruning);
    }

    /** A leaveLastOut run holds out one interaction per user, not a fraction. */
    public TrainingSpec withValidationSplit(double fraction) {
        return new TrainingSpec(epochs, batchSize, fraction, validationDatasetId, shuffle, seed, optimizer, device,
                threads, maxRuntime, metrics, learningRateSchedule, earlyStopping, classWeights, preprocessing,
                augmentation, interactions, distillation, pruning);
    }

    public TrainingSpec withPruning(@Nullable Pruning other) {
        return new TrainingSpec(epochs, batchSize, validationSplit, validationDatasetId, shuffle, seed, optimizer,
                device, threads, maxRuntime, metrics, learningRateSchedule, earlyStopping, classWeights, preprocessing,
                augmentation, interactions, distillation, other);
    }

    public TrainingSpec withOptimizer(Optimizer other) {
        return new TrainingSpec(epochs, batchSize, validationSplit, validationDatasetId, shuffle, seed,
                Objects.requireNonNull(other), device, threads, maxRuntime, metrics, learningRateSchedule, earlyStopping,
                classWeights, preprocessing, augmentation, interactions, distillation, pruning);
    }
}
