package dev.kiln.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.Trainer;
import dev.kiln.run.spec.TrainingSpec;
import dev.kiln.training.Cancellation;
import dev.kiln.training.TrainingFailed;
import dev.kiln.training.Scoring;
import dev.kiln.training.TrainingJob;
import java.time.Instant;
import java.util.Map;

/**
 * One pass over the training data, from a given batch (0, or where an interrupted run stopped). Per batch,
 * besides the step, only two cheap native calls: the loss is added to a running sum and the outputs are copied
 * into an epoch buffer; the metric is computed once over that buffer (Keras's running training metric).
 * Between batches it checks the stop flag and the run's deadline. Dropout and augmentation are seeded per batch,
 * so a pass continued from a checkpoint draws the masks and changes it would have drawn.
 */
final class EpochPass {
    private final Trainer trainer;
    private final OptimizerStep optimizer;
    private final Objective objective;
    private final TrainingSpec hp;
    private final TrainingJob.Control control;
    private final boolean batchNorm;
    private final Kernels kernels;
    private final Augmenter augmenter;
    private final int batchRows;

    /** {@code batchRows}: rows per step — the batch size, or twice it where rows come in pairs (BPR). */
    private Runnable afterStep = () -> { };

    EpochPass(Trainer trainer, OptimizerStep optimizer, Objective objective, TrainingSpec hp,
              TrainingJob.Control control, boolean batchNorm, Kernels kernels, Augmenter augmenter,
              int batchRows) {
        this.batchRows = batchRows;
        this.trainer = trainer;
        this.optimizer = optimizer;
        this.objective = objective;
        this.hp = hp;
        this.control = control;
        this.batchNorm = batchNorm;
        this.kernels = kernels;
        this.augmenter = augmenter;
    }

    /** Runs {@code hook} after every optimizer step (pruning's masks). */
    EpochPass afterEachStep(Runnable hook) {
        this.afterStep = hook;
        return this;
    }

    /** Where a pass ended: all batches done, or stopped after {@code batches} for {@code stop}. */
    record Result(int batches, double lossSum, int rows, NDArray outputs, Cancellation.Reason stop) {
        boolean completed() {
            return stop == null;
        }

        /** The outputs of the rows trained so far (the partial state a checkpoint keeps). */
        NDArray trainedOutputs() {
            return outputs.get(new NDIndex().addSliceDim(0, rows));
        }
    }

    /**
     * Trains epoch {@code epoch} on {@code order} from batch {@code fromBatch}; {@code restored} carries a partial
     * pass's loss sum, rows and outputs. Arrays live in {@code scope}.
     */
    Result run(NDManager scope, Batches order, int epoch, float learningRate, int outputWidth, NDArray one,
               Checkpoints.Restored restored) {
        int size = batchRows;
        boolean regularized = kernels.regularized();
        NDArray outputs = scope.create(new Shape(order.rows(), outputWidth));
        int fromBatch = 0;
        double carriedLoss = 0;
        if (restored != null && restored.position().batch() > 0) {
            fromBatch = restored.position().batch();
            carriedLoss = restored.position().lossSum();
            outputs.set(new NDIndex().addSliceDim(0, restored.position().rows()), restored.partialOutputs());
        }
        NDArray fullBatchLosses = scope.zeros(new Shape());
        NDArray partialBatchLoss = null;
        int seen = fromBatch * size;
        int batch = fromBatch;
        for (int from = fromBatch * size; from < order.rows(); from += size, batch++) {
            if (control.cancellation().isRaised()) {
                double lossSum = carriedLoss + fullBatchLosses.getFloat() * (double) size;
                return new Result(batch, lossSum, seen, outputs, control.cancellation().reason());
            }
            checkDeadline(epoch);
            int to = Math.min(order.rows(), from + size);
            if (batchNorm && to - from == 1 && from > 0) {
                break; // batch statistics of a single row are undefined; the row comes round again next epoch
            }
            RandomDraws.batch(hp.seed(), epoch, batch);
            try (NDManager step = scope.newSubManager()) {
                NDArray x = order.trainingSlice(step, from, to, augmenter, augmenter == null ? null
                        : new java.util.Random(Seeds.augmentation(hp.seed(), epoch, batch)));
                NDArray y = order.labelSlice(step, from, to);
                NDArray weights = order.weightSlice(step, from, to);
                NDArray output;
                NDArray loss;
                try (Backprop backprop = new Backprop()) {
                    output = trainer.forward(new NDList(x)).singletonOrThrow();
                    loss = objective.loss(output, y, weights);
                    if (regularized) {
                        loss = loss.add(kernels.penalty(step));
                    }
                    backprop.backward(loss, one);
                }
                optimizer.step(learningRate);
                afterStep.run();
                if (to - from == size) {
                    fullBatchLosses.addi(loss);
                } else {
                    partialBatchLoss = loss.mul(to - from);
                    partialBatchLoss.attach(scope);
                }
                outputs.set(new NDIndex().addSliceDim(from, to), output);
                seen = to;
            }
        }
        double lossSum = carriedLoss + fullBatchLosses.getFloat() * (double) size
                + (partialBatchLoss == null ? 0 : partialBatchLoss.getFloat());
        return new Result(batch, lossSum, seen, outputs, null);
    }

    /** The pass's training loss (penalty included, as Keras reports it) and metrics, as callers read them. */
    void report(Result result, Batches order, TrainingJob job, Map<String, Double> into) {
        into.put("loss", objective.reportLoss(Evaluation.decimal((float) (result.lossSum() / result.rows()))));
        if (job.data().ranking() != null) {
            return; // a ranking run is measured on its held-out users, not on its sampled training rows
        }
        float[] outputs = result.trainedOutputs().toFloatArray();
        float[] targets = order.targetsInOrder(job.train().targets(), result.rows());
        into.putAll(Scoring.score(hp.metrics(), job.task(), outputs, outputs.length / result.rows(), targets,
                job.targetScale()));
    }

    private void checkDeadline(int epoch) {
        Instant deadline = control.deadline().orElse(null);
        if (deadline != null && Instant.now().isAfter(deadline)) {
            throw new TrainingFailed("max runtime exceeded (hyperparameters.maxRuntime " + hp.maxRuntime()
                    + ") during epoch " + epoch + "; the " + (epoch - 1) + " finished epochs are kept");
        }
    }
}
