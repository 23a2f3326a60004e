package dev.kiln.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.kiln.run.Task;

/**
 * What a task optimises and reports. Losses take logits and use the fused, numerically stable forms, a few
 * native operations each (DJL's built-in losses take about twice as many, which doubles their backward pass):
 * <ul>
 *   <li>binary: {@code max(x,0) − x·y + log(1 + e^−|x|)}, which for labels y ∈ {0, 1} equals
 *       {@code softplus(s·x)} with the sign {@code s = 1 − 2y}: labels are stored as that sign, so the loss is
 *       one multiplication, PyTorch's stable softplus and a mean;</li>
 *   <li>multiclass: {@code −mean(log_softmax(x)[y])} (log-softmax, then one gather);</li>
 *   <li>regression: {@code mean((x − y)²)} on the standardised target.</li>
 * </ul>
 * The reported metric (accuracy, or mean absolute error in original units) is computed over many rows at
 * once, never per batch.
 */
abstract class Objective {
    private final String metric;

    private Objective(String metric) {
        this.metric = metric;
    }

    static Objective of(Task task, double targetScale) {
        return switch (task) {
            case BINARY -> new Binary();
            case MULTICLASS -> new Multiclass();
            case REGRESSION -> new Regression(targetScale);
        };
    }

    String metric() {
        return metric;
    }

    /** Targets as this objective's loss takes them: a column of floats, or of class indices. */
    NDArray labels(NDManager manager, float[] targets) {
        return manager.create(targets, new Shape(targets.length, 1));
    }

    /** Mean loss over the rows of {@code output}, a scalar that backpropagates. */
    abstract NDArray loss(NDArray output, NDArray labels);

    /** Sum over rows of the metric's per-row value (1 for a correct class, or the absolute error). */
    abstract NDArray metricSum(NDArray outputs, NDArray labels);

    /** The loss in the units callers read (regression: squared original units). */
    double reportLoss(double meanLoss) {
        return meanLoss;
    }

    /** The metric in the units callers read. */
    double reportMetric(double meanMetric) {
        return meanMetric;
    }

    private static final class Binary extends Objective {
        Binary() {
            super("accuracy");
        }

        /** The sign {@code 1 − 2y}: +1 for class 0, −1 for class 1. */
        @Override
        NDArray labels(NDManager manager, float[] targets) {
            float[] signs = new float[targets.length];
            for (int i = 0; i < targets.length; i++) {
                signs[i] = 1f - 2f * targets[i];
            }
            return manager.create(signs, new Shape(targets.length, 1));
        }

        @Override
        NDArray loss(NDArray output, NDArray signs) {
            return output.mul(signs).getNDArrayInternal().softPlus().mean();
        }

        /** Predicted class 1 (logit > 0) is right where the sign is negative, class 0 where it is positive. */
        @Override
        NDArray metricSum(NDArray outputs, NDArray signs) {
            return outputs.gt(0).eq(signs.lt(0)).toType(DataType.FLOAT32, false).sum();
        }
    }

    private static final class Multiclass extends Objective {
        Multiclass() {
            super("accuracy");
        }

        @Override
        NDArray labels(NDManager manager, float[] targets) {
            long[] classes = new long[targets.length];
            for (int i = 0; i < targets.length; i++) {
                classes[i] = (long) targets[i];
            }
            return manager.create(classes, new Shape(targets.length, 1));
        }

        @Override
        NDArray loss(NDArray output, NDArray labels) {
            return output.logSoftmax(1).gather(labels, 1).mean().neg();
        }

        @Override
        NDArray metricSum(NDArray outputs, NDArray labels) {
            return outputs.argMax(1).eq(labels.squeeze(1)).toType(DataType.FLOAT32, false).sum();
        }
    }

    private static final class Regression extends Objective {
        private final double scale;

        Regression(double scale) {
            super("mae");
            this.scale = scale;
        }

        @Override
        NDArray loss(NDArray output, NDArray labels) {
            return output.sub(labels).square().mean();
        }

        @Override
        NDArray metricSum(NDArray outputs, NDArray labels) {
            return outputs.sub(labels).abs().sum();
        }

        @Override
        double reportLoss(double meanLoss) {
            return meanLoss * scale * scale;
        }

        @Override
        double reportMetric(double meanMetric) {
            return meanMetric * scale;
        }
    }
}
