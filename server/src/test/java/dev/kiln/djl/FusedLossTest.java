package dev.kiln.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.L2Loss;
import ai.djl.training.loss.Loss;
import dev.kiln.run.Task;
import java.util.Random;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The fused losses give the same loss and the same gradient as DJL's built-in losses, and as the reference
 * formulas computed in double precision, to 1e-6 on random inputs (extreme logits included).
 */
class FusedLossTest {
    private static final int ROWS = 64;
    private static final int CLASSES = 5;

    private final NDManager manager = DjlRuntime.engine().newBaseManager();
    private final Random random = new Random(5);

    @AfterEach
    void close() {
        manager.close();
    }

    private record LossAndGradient(float loss, float[] gradient) {}

    private LossAndGradient evaluate(float[] logits, Shape shape, BiFunction<NDManager, NDArray, NDArray> loss) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = scope.create(logits, shape);
            x.setRequiresGradient(true);
            NDArray value;
            try (Backprop backprop = new Backprop()) {
                value = loss.apply(scope, x);
                backprop.backward(value, scope.ones(new Shape()));
            }
            return new LossAndGradient(value.getFloat(), x.getGradient().toFloatArray());
        }
    }

    private float[] logits(int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (random.nextGaussian() * 3);
        }
        x[0] = 60f;
        x[1] = -60f;
        return x;
    }

    private float[] classes(int n, int k) {
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            y[i] = random.nextInt(k);
        }
        return y;
    }

    @Test
    void binaryCrossEntropyFromLogitsMatchesDjlAndTheReferenceFormula() {
        float[] x = logits(ROWS);
        float[] y = classes(ROWS, 2);
        Objective objective = Objective.of(Task.BINARY, 1);
        Shape shape = new Shape(ROWS, 1);

        var fused = evaluate(x, shape, (m, logits) -> objective.loss(logits, objective.labels(m, y)));
        var djl = evaluate(x, shape, (m, logits) -> Loss.sigmoidBinaryCrossEntropyLoss()
                .evaluate(new NDList(m.create(y, shape)), new NDList(logits)));

        double reference = 0;
        for (int i = 0; i < ROWS; i++) {
            reference += Math.max(x[i], 0) - x[i] * y[i] + Math.log1p(Math.exp(-Math.abs(x[i])));
        }
        assertThat((double) fused.loss()).isCloseTo(reference / ROWS, within(1e-6));
        assertThat(fused.loss()).isCloseTo(djl.loss(), within(1e-6f));
        for (int i = 0; i < ROWS; i++) {
            double expected = (1 / (1 + Math.exp(-x[i])) - y[i]) / ROWS;
            assertThat((double) fused.gradient()[i]).isCloseTo(expected, within(1e-6));
            assertThat(fused.gradient()[i]).isCloseTo(djl.gradient()[i], within(1e-6f));
        }
    }

    @Test
    void softmaxCrossEntropyFromLogitsMatchesDjlAndTheReferenceFormula() {
        float[] x = logits(ROWS * CLASSES);
        float[] y = classes(ROWS, CLASSES);
        Objective objective = Objective.of(Task.MULTICLASS, 1);
        Shape shape = new Shape(ROWS, CLASSES);

        var fused = evaluate(x, shape, (m, logits) -> objective.loss(logits, objective.labels(m, y)));
        var djl = evaluate(x, shape, (m, logits) -> Loss.softmaxCrossEntropyLoss()
                .evaluate(new NDList(m.create(y)), new NDList(logits)));

        double reference = 0;
        double[][] softmax = new double[ROWS][CLASSES];
        for (int r = 0; r < ROWS; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < CLASSES; c++) {
                max = Math.max(max, x[r * CLASSES + c]);
            }
            double sum = 0;
            for (int c = 0; c < CLASSES; c++) {
                sum += Math.exp(x[r * CLASSES + c] - max);
            }
            reference += max + Math.log(sum) - x[r * CLASSES + (int) y[r]];
            for (int c = 0; c < CLASSES; c++) {
                softmax[r][c] = Math.exp(x[r * CLASSES + c] - max) / sum;
            }
        }
        assertThat((double) fused.loss()).isCloseTo(reference / ROWS, within(1e-5 * Math.max(1, reference / ROWS)));
        assertThat(fused.loss()).isCloseTo(djl.loss(), within(1e-6f));
        for (int r = 0; r < ROWS; r++) {
            for (int c = 0; c < CLASSES; c++) {
                double expected = (softmax[r][c] - (c == (int) y[r] ? 1 : 0)) / ROWS;
                int i = r * CLASSES + c;
                assertThat((double) fused.gradient()[i]).isCloseTo(expected, within(1e-6));
                assertThat(fused.gradient()[i]).isCloseTo(djl.gradient()[i], within(1e-6f));
            }
        }
    }

    @Test
    void meanSquaredErrorMatchesDjl() {
        float[] x = logits(ROWS);
        float[] y = logits(ROWS);
        Objective objective = Objective.of(Task.REGRESSION, 1);
        Shape shape = new Shape(ROWS, 1);

        var fused = evaluate(x, shape, (m, out) -> objective.loss(out, objective.labels(m, y)));
        var djl = evaluate(x, shape, (m, out) -> new L2Loss("l2", 1f)
                .evaluate(new NDList(m.create(y, shape)), new NDList(out)));

        assertThat(fused.loss()).isCloseTo(djl.loss(), within(1e-6f * Math.max(1, djl.loss())));
        for (int i = 0; i < ROWS; i++) {
            assertThat(fused.gradient()[i]).isCloseTo(djl.gradient()[i], within(1e-5f));
            assertThat((double) fused.gradient()[i]).isCloseTo(2.0 * (x[i] - y[i]) / ROWS, within(1e-5));
        }
    }

}
