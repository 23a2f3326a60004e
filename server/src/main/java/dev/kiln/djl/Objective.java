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
 *   <li>regression (and rating): {@code mean((x − y)²)} on the standardised target;</li>
 *   <li>ranking: binary's, positives against negatives, or BPR over rows that come in pairs (a positive, then a
 *       negative of the same user): {@code softplus(−(x₊ − x₋))} = {@code −log σ(x₊ − x₋)} per pair.</li>
 * </ul>
 * The run's metrics are computed from the outputs once per epoch ({@code Scoring}), never per batch.
 */
abstract class Objective {
    private Objective() {
    }

    static Objective of(Task task, double targetScale) {
        return of(task, targetScale, dev.kiln.interaction.RankingLoss.BCE);
    }

    static Objective of(Task task, double targetScale, dev.kiln.interaction.RankingLoss ranking) {
        return switch (task) {
            case BINARY -> new Binary();
            case MULTICLASS -> new Multiclass();
            case REGRESSION, RATING -> new Regression(targetScale);
            case RANKING -> ranking == dev.kiln.interaction.RankingLoss.BPR ? new Bpr() : new Binary();
        };
    }

    /** Targets as this objective's loss takes them: a column of floats, or of class indices. */
    NDArray labels(NDManager manager, float[] targets) {
        return manager.create(targets, new Shape(targets.length, 1));
    }

    /** Mean loss over the rows of {@code output}, a scalar that backpropagates. */
    final NDArray loss(NDArray output, NDArray labels) {
        return rowLosses(output, labels).mean();
    }

    /**
     * Mean of the rows' losses times their weights (Keras's class weights with "sum over batch size" reduction);
     * the plain mean when {@code weights} is null.
     */
    final NDArray loss(NDArray output, NDArray labels, NDArray weights) {
        NDArray rows = rowLosses(output, labels);
        return weights == null ? rows.mean() : rows.mul(weights).mean();
    }

    /** Each row's loss, a column that backpropagates. */
    abstract NDArray rowLosses(NDArray output, NDArray labels);


    /** The loss in the units callers read (regression: squared original units). */
    double reportLoss(double meanLoss) {
        return meanLoss;
    }


    private static final class Binary extends Objective {
        Binary() {
            super();
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
        NDArray rowLosses(NDArray output, NDArray signs) {
            return output.mul(signs).getNDArrayInternal().softPlus();
        }

    }

    private static final class Multiclass extends Objective {
        Multiclass() {
            super();
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
        NDArray rowLosses(NDArray output, NDArray labels) {
            return output.logSoftmax(1).gather(labels, 1).neg();
        }

    }

    private static final class Bpr extends Objective {
        Bpr() {
            super();
        }

        @Override
        NDArray rowLosses(NDArray output, NDArray labels) {
            NDArray pairs = output.reshape(-1, 2);
            NDArray margin = pairs.get(":, 1").sub(pairs.get(":, 0"));
            return margin.getNDArrayInternal().softPlus();
        }
    }

    private static final class Regression extends Objective {
        private final double scale;

        Regression(double scale) {
            super();
            this.scale = scale;
        }

        @Override
        NDArray rowLosses(NDArray output, NDArray labels) {
            return output.sub(labels).square();
        }


        @Override
        double reportLoss(double meanLoss) {
            return meanLoss * scale * scale;
        }

    }
}
