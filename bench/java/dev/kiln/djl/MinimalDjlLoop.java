package dev.kiln.djl;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.kiln.feature.EncodedRows;
import java.util.Random;

/**
 * The baseline: the hand-written DJL loop of DJL's own documentation — whole tensors, one gather per epoch,
 * GradientCollector, forward, loss, backward, step — and nothing else (no metrics, no cancellation).
 */
final class MinimalDjlLoop {
    private MinimalDjlLoop() {}

    /**
     * Trains dense 64 relu → dropout → dense 1 on {@code data} for one warm-up epoch and {@code epochs} timed
     * ones; returns the samples per second of the timed epochs.
     */
    static double samplesPerSecond(EncodedRows data, int epochs, int batchSize, long seed) {
        DjlRuntime.engine().setRandomSeed((int) seed);
        try (Model model = Model.newInstance("minimal", Device.cpu(), DjlRuntime.ENGINE)) {
            model.setBlock(new SequentialBlock()
                    .add(Linear.builder().setUnits(64).build())
                    .add(Activation.reluBlock())
                    .add(Dropout.builder().optRate(0.5f).build())
                    .add(Linear.builder().setUnits(1).build()));
            var config = new DefaultTrainingConfig(Loss.sigmoidBinaryCrossEntropyLoss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build())
                    .optDevices(new Device[] {Device.cpu()});
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(batchSize, data.width()));
                NDManager manager = trainer.getManager();
                NDArray x = manager.create(data.features(), new Shape(data.rows(), data.width()));
                NDArray y = manager.create(data.targets(), new Shape(data.rows(), 1));
                Random random = new Random(seed);
                long start = 0;
                for (int epoch = 0; epoch <= epochs; epoch++) {
                    if (epoch == 1) {
                        start = System.nanoTime();
                    }
                    try (NDManager scope = manager.newSubManager()) {
                        NDIndex order = new NDIndex("{}", scope.create(Batches.permutation(data.rows(), random)));
                        NDArray xs = x.get(scope, order);
                        NDArray ys = y.get(scope, order);
                        for (int from = 0; from < data.rows(); from += batchSize) {
                            int to = Math.min(data.rows(), from + batchSize);
                            try (NDManager batch = scope.newSubManager()) {
                                NDArray bx = xs.get(batch, new NDIndex().addSliceDim(from, to));
                                NDArray by = ys.get(batch, new NDIndex().addSliceDim(from, to));
                                try (GradientCollector collector = trainer.newGradientCollector()) {
                                    NDArray out = trainer.forward(new NDList(bx)).singletonOrThrow();
                                    collector.backward(trainer.getLoss().evaluate(new NDList(by), new NDList(out)));
                                }
                                trainer.step();
                            }
                        }
                    }
                }
                return (double) epochs * data.rows() / ((System.nanoTime() - start) / 1e9);
            }
        }
    }
}
