package dev.kiln.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.domain.Violation;
import dev.kiln.model.ModelSpec;
import dev.kiln.model.ShapeTrace;
import dev.kiln.run.spec.Optimizer;
import dev.kiln.run.spec.TrainingSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

/** What a run would need to train, estimated from its shape trace, and the limits that keep it out of the queue. */
class RunLimitsTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ModelSpec MLP = JSON.readValue("""
            {"name": "m", "layers": [{"type": "dense", "units": 100, "activation": "relu"},
             {"type": "dense", "units": 10, "activation": "softmax"}]}""", ModelSpec.class);

    private static TrainingSpec spec(int batchSize, Optimizer optimizer) {
        TrainingSpec d = TrainingSpec.defaults();
        return new TrainingSpec(d.epochs(), batchSize, d.validationSplit(), d.validationDatasetId(), d.shuffle(),
                d.seed(), optimizer, d.device(), d.threads(), d.maxRuntime(), d.metrics(), d.learningRateSchedule(),
                d.earlyStopping(), d.classWeights(), d.preprocessing(), d.augmentation(), null, null, null);
    }

    @ParameterizedTest(name = "{0} keeps {1} values per parameter")
    @CsvSource({"adam, 4", "sgd, 2", "sgd-momentum, 3"})
    void countsWeightsGradientsAndTheOptimizersState(String optimizer, int perParameter) {
        Optimizer chosen = switch (optimizer) {
            case "adam" -> Optimizer.Adam.defaults();
            case "sgd" -> new Optimizer.Sgd(null, 0.0, null, null, null);
            default -> new Optimizer.Sgd(null, 0.9, null, null, null);
        };
        ShapeTrace trace = ShapeTrace.of(MLP, new int[] {20});

        RunLimits.Estimate estimate = RunLimits.estimate(trace, spec(32, chosen));

        assertThat(trace.parameters()).isEqualTo(20 * 100 + 100 + 100 * 10 + 10);
        assertThat(estimate.parameterBytes()).isEqualTo(4.0 * perParameter * trace.parameters());
        assertThat(estimate.activationBytes()).isEqualTo(4.0 * 2 * 32 * (100 + 10));
        assertThat(estimate.largestActivationLayer()).isZero();
    }

    @Test
    void refusesAModelOverTheParameterLimitNamingItsHeaviestLayer() {
        List<Violation> violations = new ArrayList<>();
        new RunLimits(1_000, DataSize.ofGigabytes(1)).check(ShapeTrace.of(MLP, new int[] {20}), MLP,
                spec(32, Optimizer.Adam.defaults()), violations);

        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("modelId");
            assertThat(v.message()).contains("3,110 parameters").contains("layers[0] (dense) alone holds 2,100");
        });
    }

    @Test
    void refusesABatchWhoseActivationsNeedMoreMemoryThanAllowed() {
        List<Violation> violations = new ArrayList<>();
        new RunLimits(1_000_000, DataSize.ofKilobytes(100)).check(ShapeTrace.of(MLP, new int[] {20}), MLP,
                spec(1024, Optimizer.Adam.defaults()), violations);

        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("hyperparameters.batchSize");
            assertThat(v.message()).contains("a batch of 1024").contains("layers[0] (dense)")
                    .contains("kiln.training.max-memory (100.0 KiB)");
        });
    }

    @Test
    void acceptsWhatFits() {
        List<Violation> violations = new ArrayList<>();
        new RunLimits(1_000_000, DataSize.ofMegabytes(10)).check(ShapeTrace.of(MLP, new int[] {20}), MLP,
                spec(32, Optimizer.Adam.defaults()), violations);
        assertThat(violations).isEmpty();
    }
}
