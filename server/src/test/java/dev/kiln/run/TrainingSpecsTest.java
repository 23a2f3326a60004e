package dev.kiln.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.domain.Violation;
import dev.kiln.persistence.JsonColumn;
import dev.kiln.run.spec.EarlyStoppingSpec;
import dev.kiln.run.spec.Mode;
import dev.kiln.run.spec.Optimizer;
import dev.kiln.run.spec.Schedule;
import dev.kiln.run.spec.TrainingSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A submission's hyperparameters resolved into a spec: defaults from one place, the rules that span fields. */
class TrainingSpecsTest {
    private static final UUID DATASET = UUID.randomUUID();

    private static RunSubmission submission(String hyperparameters, UUID validationDatasetId) {
        Hyperparameters h = JsonColumn.mapper().readValue(hyperparameters, Hyperparameters.class);
        return new RunSubmission(DATASET, UUID.randomUUID(), "y", null, null, null, validationDatasetId, h, null, null,
                null, null, null, null, null, null);
    }

    private static TrainingSpec resolve(String hyperparameters, List<Violation> violations) {
        return TrainingSpecs.resolve(submission(hyperparameters, null), () -> 1234L, violations);
    }

    private static TrainingSpec resolve(String hyperparameters) {
        List<Violation> violations = new ArrayList<>();
        TrainingSpec spec = resolve(hyperparameters, violations);
        assertThat(violations).isEmpty();
        return spec;
    }

    @Test
    void fillsInEveryDefaultFromTheOnePlaceItIsWritten() {
        TrainingSpec spec = resolve("{}");

        assertThat(spec).usingRecursiveComparison().ignoringFields("seed").isEqualTo(TrainingSpec.defaults());
        assertThat(spec.seed()).isEqualTo(1234L);
        assertThat(spec.epochs()).isEqualTo(10);
        assertThat(spec.batchSize()).isEqualTo(32);
        assertThat(spec.validationSplit()).isEqualTo(0.2);
        assertThat(spec.optimizer()).isEqualTo(new Optimizer.Adam(0.001, 0.9, 0.999, 1e-7, 0.0, null, null));
        assertThat(spec.learningRateSchedule()).isEqualTo(new Schedule.Constant());
        assertThat(spec.earlyStopping()).isNull();
    }

    @Test
    void keepsWhatWasGiven() {
        TrainingSpec spec = resolve("""
                {"epochs": 50, "batchSize": 16, "validationSplit": 0.0, "shuffle": false, "seed": 42, "device": "cpu",
                 "threads": 2, "maxRuntime": "PT10M",
                 "optimizer": {"type": "sgd", "learningRate": 0.1, "momentum": 0.9, "clipNorm": 1.0}}""");

        assertThat(spec.epochs()).isEqualTo(50);
        assertThat(spec.validationSplit()).isZero();
        assertThat(spec.optimizer()).isEqualTo(new Optimizer.Sgd(0.1, 0.9, 0.0, null, 1.0));
        assertThat(spec.maxRuntime()).isEqualTo("PT10M");
        assertThat(spec.threads()).isEqualTo(2);
        assertThat(spec.seed()).isEqualTo(42);
    }

    @Test
    void eachOptimizerHasItsOwnDefaults() {
        assertThat(resolve("{\"optimizer\": {\"type\": \"adamw\"}}").optimizer().weightDecay()).isEqualTo(0.01);
        assertThat(resolve("{\"optimizer\": {\"type\": \"sgd\"}}").optimizer().learningRate()).isEqualTo(0.01);
    }

    @Test
    void resolvesScheduleDefaultsByType() {
        assertThat(resolve("{\"learningRateSchedule\": {\"type\": \"step\"}}").learningRateSchedule())
                .isEqualTo(new Schedule.Step(0.1, 10));
        assertThat(resolve("{\"learningRateSchedule\": {\"type\": \"reduceOnPlateau\"}}").learningRateSchedule())
                .isEqualTo(new Schedule.ReduceOnPlateau("val_loss", Mode.AUTO, 0.1, 10, 1e-4, 0, 0.0));
    }

    @Test
    void resolvesEarlyStoppingLikeKeras() {
        assertThat(resolve("{\"earlyStopping\": {}}").earlyStopping())
                .isEqualTo(new EarlyStoppingSpec("val_loss", Mode.AUTO, 0, 0.0, null, false, 0));
    }

    @Test
    void refusesARuntimeLimitThatIsNotAPositiveIsoDuration() {
        List<Violation> words = new ArrayList<>();
        List<Violation> negative = new ArrayList<>();
        resolve("{\"maxRuntime\": \"30 minutes\"}", words);
        resolve("{\"maxRuntime\": \"-PT1M\"}", negative);

        assertThat(words).singleElement().satisfies(v -> assertThat(v.message()).contains("ISO-8601"));
        assertThat(negative).singleElement().satisfies(v -> assertThat(v.message()).contains("positive"));
    }

    @Test
    void aValidationDatasetReplacesTheSplitAndCannotBeCombinedWithOne() {
        UUID validation = UUID.randomUUID();
        List<Violation> violations = new ArrayList<>();
        TrainingSpec alone = TrainingSpecs.resolve(submission("{}", validation), () -> 1L, violations);
        TrainingSpecs.resolve(submission("{\"validationSplit\": 0.1}", validation), () -> 1L, violations);

        assertThat(alone.validationSplit()).isZero();
        assertThat(alone.validationDatasetId()).isEqualTo(validation);
        assertThat(alone.validates()).isTrue();
        assertThat(violations).extracting(Violation::field).containsExactly("hyperparameters.validationSplit");
    }

    @Test
    void checksMetricsMonitorsAndClassWeightsAgainstTheTask() {
        TrainingSpec spec = resolve("""
                {"metrics": ["accuracy", "auc"], "earlyStopping": {"monitor": "val_f1"},
                 "classWeights": {"yes": 2, "maybe": 1}}""");
        List<Violation> violations = new ArrayList<>();

        TaskRules.apply(spec, Task.BINARY, List.of("no", "yes"), violations);
        List<Violation> regression = new ArrayList<>();
        TaskRules.apply(resolve("{\"metrics\": [\"auc\"]}"), Task.REGRESSION, List.of(), regression);

        assertThat(violations).extracting(Violation::field)
                .containsExactly("hyperparameters.earlyStopping.monitor", "hyperparameters.classWeights.maybe");
        assertThat(violations.get(0).message()).contains("recorded: loss, accuracy, auc, val_loss, val_accuracy, val_auc");
        assertThat(regression).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("hyperparameters.metrics[0]");
            assertThat(v.message()).contains("auc applies to classification");
        });
    }

    @Test
    void settlesTheTasksDefaultMetric() {
        List<Violation> violations = new ArrayList<>();

        assertThat(TaskRules.apply(resolve("{}"), Task.MULTICLASS, List.of("a", "b", "c"), violations).metrics())
                .extracting(m -> m.name()).containsExactly("accuracy");
        assertThat(TaskRules.apply(resolve("{}"), Task.REGRESSION, List.of(), violations).metrics())
                .extracting(m -> m.name()).containsExactly("mae");
    }
}
