package dev.kiln.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.domain.InvalidRequest;
import dev.kiln.domain.Violation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HyperparameterResolverTest {
    private final HyperparameterResolver resolver = new HyperparameterResolver(() -> 1234L);

    private Hyperparameters resolve(String json) {
        return resolver.resolve(Hyperparameters.fromJson(json));
    }

    private static List<String> fields(Runnable action) {
        try {
            action.run();
            return List.of();
        } catch (InvalidRequest e) {
            return e.violations().stream().map(Violation::field).toList();
        }
    }

    @Test
    void fillsInEveryDocumentedDefault() {
        Hyperparameters h = resolver.resolve(null);

        assertThat(h.epochs()).isEqualTo(10);
        assertThat(h.batchSize()).isEqualTo(32);
        assertThat(h.validationSplit()).isEqualTo(0.2);
        assertThat(h.shuffle()).isTrue();
        assertThat(h.seed()).isEqualTo(1234L);
        assertThat(h.device()).isEqualTo("auto");
        assertThat(h.optimizer()).isEqualTo(new OptimizerSpec("adam", 0.001, null, 0.9, 0.999, 1e-7, 0.0, null, null));
        assertThat(h.learningRateSchedule()).isNull();
        assertThat(h.earlyStopping()).isNull();
    }

    @Test
    void keepsWhatWasGiven() {
        Hyperparameters h = resolve("""
                {"epochs": 50, "batchSize": 16, "validationSplit": 0.0, "shuffle": false, "seed": 42, "device": "cpu",
                 "threads": 2, "maxRuntime": "PT10M",
                 "optimizer": {"type": "SGD", "learningRate": 0.1, "momentum": 0.9, "clipNorm": 1.0}}""");

        assertThat(h.epochs()).isEqualTo(50);
        assertThat(h.validationSplit()).isZero();
        assertThat(h.optimizer()).isEqualTo(new OptimizerSpec("sgd", 0.1, 0.9, null, null, null, 0.0, null, 1.0));
        assertThat(h.maxRuntime()).isEqualTo("PT10M");
        assertThat(h.threads()).isEqualTo(2);
    }

    @Test
    void adamwDecaysWeightsByDefault() {
        assertThat(resolve("{\"optimizer\": {\"type\": \"adamw\"}}").optimizer().weightDecay()).isEqualTo(0.01);
    }

    @Test
    void refusesOptimizersTheEngineDoesNotImplement() {
        assertThatThrownBy(() -> resolve("{\"optimizer\": {\"type\": \"rmsprop\"}}")).isInstanceOf(InvalidRequest.class)
                .satisfies(e -> assertThat(((InvalidRequest) e).violations()).singleElement().satisfies(v -> {
                    assertThat(v.field()).isEqualTo("hyperparameters.optimizer.type");
                    assertThat(v.message()).contains("adam, adamw and sgd");
                }));
    }

    @Test
    void refusesSettingsOfAnotherOptimizer() {
        assertThat(fields(() -> resolve("{\"optimizer\": {\"type\": \"adam\", \"momentum\": 0.9}}")))
                .containsExactly("hyperparameters.optimizer.momentum");
    }

    @Test
    void refusesARuntimeLimitThatIsNotAPositiveIsoDuration() {
        assertThatThrownBy(() -> resolve("{\"maxRuntime\": \"30 minutes\"}")).hasMessageContaining("ISO-8601");
        assertThatThrownBy(() -> resolve("{\"maxRuntime\": \"-PT1M\"}")).hasMessageContaining("positive");
    }

    @Test
    void refusesUnknownDevices() {
        assertThat(fields(() -> resolve("{\"device\": \"tpu\"}"))).containsExactly("hyperparameters.device");
    }

    @Test
    void resolvesScheduleDefaultsByType() {
        var step = resolve("{\"learningRateSchedule\": {\"type\": \"step\"}}").learningRateSchedule();
        var plateau = resolve("{\"learningRateSchedule\": {\"type\": \"reduceOnPlateau\"}}").learningRateSchedule();

        assertThat(step.factor()).isEqualTo(0.1);
        assertThat(step.every()).isEqualTo(10);
        assertThat(plateau.monitor()).isEqualTo("val_loss");
        assertThat(plateau.patience()).isEqualTo(10);
        assertThat(plateau.minDelta()).isEqualTo(1e-4);
    }

    @Test
    void refusesANegativeFactorAndFieldsOfAnotherScheduleType() {
        assertThat(fields(() -> resolve("{\"learningRateSchedule\": {\"type\": \"step\", \"factor\": -0.5}}")))
                .containsExactly("hyperparameters.learningRateSchedule.factor");
        assertThat(fields(() -> resolve("{\"learningRateSchedule\": {\"type\": \"step\", \"warmupEpochs\": 2}}")))
                .containsExactly("hyperparameters.learningRateSchedule.warmupEpochs");
        assertThat(fields(() -> resolve("{\"learningRateSchedule\": {\"type\": \"triangular\"}}")))
                .containsExactly("hyperparameters.learningRateSchedule.type");
    }

    @Test
    void resolvesEarlyStoppingLikeKeras() {
        var e = resolve("{\"earlyStopping\": {}}").earlyStopping();

        assertThat(e).isEqualTo(new EarlyStoppingSpec("val_loss", "auto", 0, 0.0, null, false, 0));
    }

    @Test
    void checksMetricsMonitorsAndClassWeightsAgainstTheTask() {
        Hyperparameters h = resolve("""
                {"metrics": ["accuracy", "auc"], "earlyStopping": {"monitor": "val_f1"},
                 "classWeights": {"yes": 2, "maybe": 1}}""");
        List<Violation> violations = new ArrayList<>();

        TaskRules.apply(h, Task.BINARY, List.of("no", "yes"), violations);
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
}
