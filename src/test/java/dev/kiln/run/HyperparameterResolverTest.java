package dev.kiln.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.web.InvalidRequest;
import org.junit.jupiter.api.Test;

class HyperparameterResolverTest {
    private final HyperparameterResolver resolver = new HyperparameterResolver(() -> 1234L);

    @Test
    void fillsInEveryDocumentedDefault() {
        Hyperparameters h = resolver.resolve(null);

        assertThat(h.epochs()).isEqualTo(10);
        assertThat(h.batchSize()).isEqualTo(32);
        assertThat(h.validationSplit()).isEqualTo(0.2);
        assertThat(h.shuffle()).isTrue();
        assertThat(h.seed()).isEqualTo(1234L);
        assertThat(h.device()).isEqualTo("auto");
        assertThat(h.optimizer()).isEqualTo(new OptimizerSpec("adam", 0.001, null, 0.9, 0.999, 1e-7, 0.0));
    }

    @Test
    void keepsWhatWasGiven() {
        var given = new Hyperparameters(50, 16, 0.0, false, 42L,
                new OptimizerSpec("SGD", 0.1, 0.9, null, null, null, null), "cpu", 2, "PT10M");

        Hyperparameters h = resolver.resolve(given);

        assertThat(h).isEqualTo(new Hyperparameters(50, 16, 0.0, false, 42L,
                new OptimizerSpec("sgd", 0.1, 0.9, null, null, null, 0.0), "cpu", 2, "PT10M"));
    }

    @Test
    void adamwDecaysWeightsByDefault() {
        var h = resolver.resolve(new Hyperparameters(null, null, null, null, null,
                new OptimizerSpec("adamw", null, null, null, null, null, null), null, null, null));

        assertThat(h.optimizer().weightDecay()).isEqualTo(0.01);
    }

    @Test
    void refusesOptimizersTheEngineDoesNotImplement() {
        var rmsprop = new Hyperparameters(null, null, null, null, null,
                new OptimizerSpec("rmsprop", null, null, null, null, null, null), null, null, null);

        assertThatThrownBy(() -> resolver.resolve(rmsprop)).isInstanceOf(InvalidRequest.class)
                .satisfies(e -> assertThat(((InvalidRequest) e).violations())
                        .singleElement().satisfies(v -> {
                            assertThat(v.field()).isEqualTo("hyperparameters.optimizer.type");
                            assertThat(v.message()).contains("adam, adamw and sgd");
                        }));
    }

    @Test
    void refusesSettingsOfAnotherOptimizer() {
        var momentumOnAdam = new Hyperparameters(null, null, null, null, null,
                new OptimizerSpec("adam", null, 0.9, null, null, null, null), null, null, null);

        assertThatThrownBy(() -> resolver.resolve(momentumOnAdam))
                .hasMessageContaining("hyperparameters.optimizer.momentum");
    }

    @Test
    void refusesARuntimeLimitThatIsNotAPositiveIsoDuration() {
        var minutes = new Hyperparameters(null, null, null, null, null, null, null, null, "30 minutes");
        var negative = new Hyperparameters(null, null, null, null, null, null, null, null, "-PT1M");

        assertThatThrownBy(() -> resolver.resolve(minutes)).hasMessageContaining("hyperparameters.maxRuntime")
                .hasMessageContaining("ISO-8601");
        assertThatThrownBy(() -> resolver.resolve(negative)).hasMessageContaining("positive");
    }

    @Test
    void refusesUnknownDevices() {
        var tpu = new Hyperparameters(null, null, null, null, null, null, "tpu", null, null);

        assertThatThrownBy(() -> resolver.resolve(tpu)).hasMessageContaining("hyperparameters.device");
    }
}
