package dev.kiln.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.loss.L2Loss;
import ai.djl.training.loss.Loss;
import dev.kiln.run.Task;

/**
 * What a task optimises and reports: the loss on logits (mean over the batch) and one metric, accumulated as a
 * sum over rows on the native side (accuracy for classification, absolute error for regression).
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

    /** Mean loss of the batch, a scalar that backpropagates. */
    abstract NDArray loss(NDArray output, NDArray labels);

    /** Sum over the batch of the metric's per-row value (1 for a correct class, the absolute error). */
    abstract NDArray metricSum(NDArray output, NDArray labels);

    /** The loss in the units callers read (regression: squared original units). */
    double reportLoss(double meanLoss) {
        return meanLoss;
    }

    /** The metric in the units callers read. */
    double reportMetric(double meanMetric) {
        return meanMetric;
    }

    private static final class Binary extends Objective {
        private final Loss loss = Loss.sigmoidBinaryCrossEntropyLoss("loss");

        Binary() {
            super("accuracy");
        }

        @Override
        NDArray loss(NDArray output, NDArray labels) {
            return loss.evaluate(new NDList(labels), new NDList(output));
        }

        @Override
        NDArray metricSum(NDArray output, NDArray labels) {
            NDArray predicted = output.reshape(labels.getShape()).gt(0);
            return predicted.eq(labels.gt(0.5f)).toType(DataType.FLOAT32, false).sum();
        }
    }

    private static final class Multiclass extends Objective {
        private final Loss loss = Loss.softmaxCrossEntropyLoss("loss");

        Multiclass() {
            super("accuracy");
        }

        @Override
        NDArray loss(NDArray output, NDArray labels) {
            return loss.evaluate(new NDList(labels), new NDList(output));
        }

        @Override
        NDArray metricSum(NDArray output, NDArray labels) {
            return output.argMax(1).toType(DataType.FLOAT32, false).eq(labels).toType(DataType.FLOAT32, false).sum();
        }
    }

    private static final class Regression extends Objective {
        private final Loss loss = new L2Loss("loss", 1f);
        private final double scale;

        Regression(double scale) {
            super("mae");
            this.scale = scale;
        }

        @Override
        NDArray loss(NDArray output, NDArray labels) {
            return loss.evaluate(new NDList(labels), new NDList(output));
        }

        @Override
        NDArray metricSum(NDArray output, NDArray labels) {
            return output.reshape(labels.getShape()).sub(labels).abs().sum();
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
