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

    /**
     * Knowledge distillation (Hinton et al.) for the training rows: {@code base}'s loss on the labels mixed with the
     * KL divergence from the teacher's outputs softened by {@code temperature} to the student's, scaled by T² so
     * that its gradients keep their size: {@code alpha · T² · KL + (1 − alpha) · base}. {@code teacherLogits} are the
     * teacher's outputs for the training rows, {@code width} per row (one: a sigmoid's, else a softmax's).
     */
    static Objective distilled(Objective base, float[] teacherLogits, int width, double temperature, double alpha) {
        return new Distilled(base, teacherLogits, width, (float) temperature, (float) alpha);
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

    /**
     * Rows carry their class and the teacher's softened distribution: labels {@code (rows, 1 + width)} — the class
     * index, then {@code softmax(z/T)} (or {@code σ(z/T)} for one output).
     */
    private static final class Distilled extends Objective {
        private final Objective base;
        private final float[] teacher;
        private final int width;
        private final float temperature;
        private final float alpha;

        Distilled(Objective base, float[] teacher, int width, float temperature, float alpha) {
            this.base = base;
            this.teacher = teacher;
            this.width = width;
            this.temperature = temperature;
            this.alpha = alpha;
        }

        @Override
        NDArray labels(NDManager manager, float[] targets) {
            int rows = targets.length;
            float[] packed = new float[rows * (1 + width)];
            for (int r = 0; r < rows; r++) {
                packed[r * (1 + width)] = targets[r];
                if (width == 1) {
                    packed[r * 2 + 1] = (float) (1 / (1 + Math.exp(-teacher[r] / temperature)));
                    continue;
                }
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < width; c++) {
                    max = Math.max(max, teacher[r * width + c] / temperature);
                }
                double sum = 0;
                for (int c = 0; c < width; c++) {
                    sum += Math.exp(teacher[r * width + c] / temperature - max);
                }
                for (int c = 0; c < width; c++) {
                    packed[r * (1 + width) + 1 + c] = (float) (Math.exp(teacher[r * width + c] / temperature - max)
                            / sum);
                }
            }
            return manager.create(packed, new Shape(rows, 1 + width));
        }

        @Override
        NDArray rowLosses(NDArray output, NDArray labels) {
            NDArray classes = labels.get(":, 0:1");
            NDArray soft = labels.get(":, 1:");
            NDArray hard = base.rowLosses(output, base instanceof Binary ? classes.mul(-2f).add(1f)
                    : classes.toType(ai.djl.ndarray.types.DataType.INT64, false));
            NDArray scaled = output.div(temperature);
            NDArray kl;
            if (width == 1) {
                // Bernoulli KL: p·(log p − log q) + (1 − p)·(log(1 − p) − log(1 − q)), log q = −softplus(−s)
                NDArray logQ = scaled.neg().getNDArrayInternal().softPlus().neg();
                NDArray logNotQ = scaled.getNDArrayInternal().softPlus().neg();
                NDArray notP = soft.neg().add(1f);
                kl = soft.mul(soft.maximum(1e-12f).log().sub(logQ))
                        .add(notP.mul(notP.maximum(1e-12f).log().sub(logNotQ)));
            } else {
                kl = soft.mul(soft.maximum(1e-12f).log().sub(scaled.logSoftmax(1))).sum(new int[] {1}, true);
            }
            return kl.mul(alpha * temperature * temperature).add(hard.mul(1f - alpha));
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
