package dev.kiln.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.kiln.model.Initializer;
import org.junit.jupiter.api.Test;

/** Each initializer matches Keras's definition: its range and its variance for the layer's fans. */
class KerasInitializerTest {
    private static final Shape KERNEL = new Shape(400, 600); // dense: 400 units, 600 inputs

    private static float[] draw(Initializer kind, Shape shape) {
        try (NDManager manager = DjlRuntime.engine().newBaseManager()) {
            DjlRuntime.engine().setRandomSeed(11);
            NDArray array = new KerasInitializer(kind).initialize(manager, shape, DataType.FLOAT32);
            return array.toFloatArray();
        }
    }

    private static double std(float[] values) {
        double mean = 0;
        for (float v : values) {
            mean += v;
        }
        mean /= values.length;
        double squares = 0;
        for (float v : values) {
            squares += (v - mean) * (v - mean);
        }
        return Math.sqrt(squares / values.length);
    }

    private static double maxAbs(float[] values) {
        double max = 0;
        for (float v : values) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    @Test
    void glorotUniformStaysWithinItsLimitWithTheUniformVariance() {
        double limit = Math.sqrt(6.0 / (600 + 400));
        float[] w = draw(Initializer.GLOROT_UNIFORM, KERNEL);

        assertThat(maxAbs(w)).isLessThanOrEqualTo(limit).isGreaterThan(0.99 * limit);
        assertThat(std(w)).isCloseTo(limit / Math.sqrt(3), within(0.01 * limit));
    }

    @Test
    void heUniformUsesTheFanIn() {
        double limit = Math.sqrt(6.0 / 600);

        assertThat(maxAbs(draw(Initializer.HE_UNIFORM, KERNEL))).isLessThanOrEqualTo(limit).isGreaterThan(0.99 * limit);
    }

    @Test
    void normalInitializersAreTruncatedAtTwoDeviationsAndKeepKerasVariance() {
        double glorot = Math.sqrt(2.0 / (600 + 400));
        double he = Math.sqrt(2.0 / 600);
        double lecun = Math.sqrt(1.0 / 600);
        for (var expected : new Object[][] {{Initializer.GLOROT_NORMAL, glorot}, {Initializer.HE_NORMAL, he},
                {Initializer.LECUN_NORMAL, lecun}}) {
            float[] w = draw((Initializer) expected[0], KERNEL);
            double std = (double) expected[1];

            assertThat(std(w)).as("%s", expected[0]).isCloseTo(std, within(0.02 * std));
            assertThat(maxAbs(w)).as("%s", expected[0]).isLessThanOrEqualTo(2 * std / 0.87962566103423978 * 1.0001);
        }
    }

    @Test
    void constantsAreConstant() {
        assertThat(draw(Initializer.ZEROS, new Shape(5))).containsOnly(0f);
        assertThat(draw(Initializer.ONES, new Shape(5))).containsOnly(1f);
    }

    @Test
    void convolutionKernelsCountTheReceptiveFieldInBothFans() {
        Shape conv = new Shape(32, 3, 5, 5);

        assertThat(KerasInitializer.fanIn(conv)).isEqualTo(75);
        assertThat(KerasInitializer.fanOut(conv)).isEqualTo(800);
    }

    @Test
    void theSameSeedDrawsTheSameWeights() {
        assertThat(draw(Initializer.GLOROT_NORMAL, new Shape(8, 8))).containsExactly(
                draw(Initializer.GLOROT_NORMAL, new Shape(8, 8)));
    }
}
