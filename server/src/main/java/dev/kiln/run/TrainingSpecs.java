package dev.kiln.run;

import dev.kiln.domain.Violation;
import dev.kiln.feature.PreprocessingOptions;
import dev.kiln.run.spec.Augmentation;
import dev.kiln.run.spec.TrainingSpec;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Resolves a submission's hyperparameters into a {@link TrainingSpec}: the defaults of {@link TrainingSpec} for what
 * was left out, a seed drawn when none was given, the rules that span fields. What depends on the task (metrics,
 * monitors, class weights) is settled afterwards by {@link TaskRules}. Field names are JSON paths.
 */
final class TrainingSpecs {
    private static final String PREFIX = "hyperparameters.";

    private TrainingSpecs() {}

    static TrainingSpec resolve(RunSubmission submission, LongSupplier seeds, List<Violation> violations) {
        Hyperparameters h = submission.requested();
        if (submission.validationDatasetId() != null && h.validationSplit() != null) {
            violations.add(new Violation(PREFIX + "validationSplit", "give either validationSplit or a "
                    + "validationDatasetId, not both"));
        }
        double validationSplit = submission.validationDatasetId() != null ? 0
                : h.validationSplit() != null ? h.validationSplit() : TrainingSpec.VALIDATION_SPLIT;
        Augmentation augmentation = submission.augmentation() == null || submission.augmentation().isEmpty() ? null
                : submission.augmentation();
        PreprocessingOptions preprocessing = submission.preprocessing() == null ? PreprocessingOptions.defaults()
                : submission.preprocessing();
        int epochs = h.epochs() != null ? h.epochs() : TrainingSpec.EPOCHS;
        return new TrainingSpec(epochs,
                h.batchSize() != null ? h.batchSize() : TrainingSpec.BATCH_SIZE, validationSplit,
                submission.validationDatasetId(), h.shuffle() != null ? h.shuffle() : TrainingSpec.SHUFFLE,
                h.seed() != null ? h.seed() : seeds.getAsLong(), h.optimizer(), h.device(), h.threads(),
                maxRuntime(h.maxRuntime(), violations), h.metrics(), h.learningRateSchedule(), h.earlyStopping(),
                h.classWeights(), preprocessing, augmentation, null, submission.distillation(),
                pruning(submission.pruning(), epochs, violations));
    }

    /** The pruning schedule ending by the last epoch when it names no end; its epochs within the run's. */
    private static dev.kiln.run.spec.Pruning pruning(dev.kiln.run.spec.Pruning requested, int epochs,
                                                     List<Violation> violations) {
        if (requested == null) {
            return null;
        }
        var pruning = requested.endingBy(epochs);
        if (pruning.endEpoch() > epochs) {
            violations.add(new Violation("pruning.endEpoch", "is after the run's last epoch, " + epochs));
        }
        if (pruning.beginEpoch() > pruning.endEpoch()) {
            violations.add(new Violation("pruning.beginEpoch", "is after endEpoch, " + pruning.endEpoch()));
        }
        if (pruning.targetSparsity() != null && pruning.initialSparsity() > pruning.targetSparsity()) {
            violations.add(new Violation("pruning.initialSparsity", "is above targetSparsity"));
        }
        return pruning;
    }

    private static String maxRuntime(String requested, List<Violation> violations) {
        if (requested == null) {
            return null;
        }
        try {
            Duration limit = Duration.parse(requested.strip());
            if (limit.isNegative() || limit.isZero()) {
                violations.add(new Violation(PREFIX + "maxRuntime", "must be a positive duration"));
            }
            return limit.toString();
        } catch (DateTimeParseException e) {
            violations.add(new Violation(PREFIX + "maxRuntime", "'" + requested
                    + "' is not an ISO-8601 duration such as PT30M or PT2H"));
            return null;
        }
    }
}
