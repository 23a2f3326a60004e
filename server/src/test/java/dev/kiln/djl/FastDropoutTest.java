package dev.kiln.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Inverted dropout: a fraction {@code rate} zeroed, the rest scaled by 1/(1−rate), identity at inference. */
class FastDropoutTest {
    private final NDManager manager = DjlRuntime.engine().newBaseManager();
    private final FastDropout dropout = new FastDropout(0.3f);

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void isTheIdentityAtInference() {
        NDArray x = manager.randomNormal(new Shape(16, 8));

        NDArray y = dropout.forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow();

        assertThat(y.toFloatArray()).containsExactly(x.toFloatArray());
    }

    @Test
    void zeroesTheRateAndScalesTheRestWhileTraining() {
        DjlRuntime.engine().setRandomSeed(3);
        NDArray x = manager.ones(new Shape(1000, 100));
        x.setRequiresGradient(true);
        NDArray y;
        try (Backprop backprop = new Backprop()) {
            y = dropout.forward(new ParameterStore(manager, false), new NDList(x), true).singletonOrThrow();
            backprop.backward(y.sum(), manager.ones(new Shape()));
        }
        float[] values = y.toFloatArray();
        float[] gradient = x.getGradient().toFloatArray();

        long zeros = 0;
        for (int i = 0; i < values.length; i++) {
            assertThat(values[i]).satisfiesAnyOf(v -> assertThat(v).isZero(),
                    v -> assertThat(v).isCloseTo(1f / 0.7f, within(1e-6f)));
            assertThat(gradient[i]).isEqualTo(values[i]);
            zeros += values[i] == 0 ? 1 : 0;
        }
        assertThat(zeros / (double) values.length).isCloseTo(0.3, within(0.01));
    }

    @Test
    void drawsTheSameMaskForTheSameSeed() {
        NDArray x = manager.ones(new Shape(64));
        DjlRuntime.engine().setRandomSeed(9);
        float[] first = dropout.forward(new ParameterStore(manager, false), new NDList(x), true).singletonOrThrow()
                .toFloatArray();
        DjlRuntime.engine().setRandomSeed(9);
        float[] second = dropout.forward(new ParameterStore(manager, false), new NDList(x), true).singletonOrThrow()
                .toFloatArray();

        assertThat(first).containsExactly(second);
    }
}
