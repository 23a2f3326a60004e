package dev.kiln.djl;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import dev.kiln.model.LayerSpec;
import dev.kiln.run.Hyperparameters;
import dev.kiln.training.EpochReport;
import dev.kiln.training.TrainingFailed;
import dev.kiln.training.TrainingJob;
import dev.kiln.training.TrainingListener;
import dev.kiln.training.TrainingOutcome;
import dev.kiln.training.TrainingSettings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Kiln's epoch loop for one job. Scopes nest as job (model) → trainer → data → epoch → batch; every NDArray is
 * created in one of them and closed with it. Per-batch loss and metric are summed on the native side and read
 * once per epoch.
 */
final class TrainingLoop {
    private static final int EVALUATION_CHUNK = 8192;

    private final TrainingJob job;
    private final TrainingListener listener;
    private final Objective objective;
    private final Hyperparameters hp;

    private final TrainingSettings settings;

    TrainingLoop(TrainingJob job, TrainingListener listener, TrainingSettings settings) {
        this.job = job;
        this.listener = listener;
        this.settings = settings;
        this.objective = Objective.of(job.task(), job.targetScale());
        this.hp = job.hyperparameters();
    }

    TrainingOutcome run() {
        Device device = DjlRuntime.device(hp.device());
        int threads = ThreadPolicy.choose(hp.threads(), settings.threads(), job.model(), job.train().width(),
                hp.batchSize(), Runtime.getRuntime().availableProcessors(), settings.maxConcurrentRuns());
        DjlRuntime.useThreads(threads);
        DjlRuntime.engine().setRandomSeed(Long.hashCode(hp.seed()));
        listener.started(device.toString(), threads);
        try (Model model = Model.newInstance("run-" + job.runId(), device, DjlRuntime.ENGINE)) {
            model.setBlock(NetworkBuilder.build(job.model(), job.task()));
            // the trainer initialises the parameters and runs forward passes; OptimizerStep updates them
            var config = new DefaultTrainingConfig(new ObjectiveLoss(objective)).optDevices(new Device[] {device});
            try (Trainer trainer = model.newTrainer(config); NDManager data = trainer.getManager().newSubManager()) {
                trainer.initialize(new Shape(1, job.train().width()));
                var optimizer = new OptimizerStep(model.getBlock(), hp.optimizer(), data);
                return train(trainer, optimizer, data);
            }
        }
    }

    private TrainingOutcome train(Trainer trainer, OptimizerStep optimizer, NDManager data) {
        Batches train = Batches.of(data, job.train(), objective);
        Optional<Batches> validation = job.validation().map(rows -> Batches.of(data, rows, objective));
        NDArray one = data.ones(new Shape());
        Random random = new Random(hp.seed());
        for (int epoch = 1; epoch <= hp.epochs(); epoch++) {
            long start = System.nanoTime();
            Map<String, Double> metrics = new LinkedHashMap<>();
            try (NDManager scope = data.newSubManager()) {
                Batches order = hp.shuffle() ? train.shuffled(scope, random) : train;
                if (!trainEpoch(trainer, optimizer, scope, order, one, metrics)) {
                    return TrainingOutcome.wasCancelled();
                }
            }
            long trained = System.nanoTime();
            double loss = metrics.get("loss");
            if (!Double.isFinite(loss)) {
                throw new TrainingFailed("the training loss became " + loss + " in epoch " + epoch
                        + "; lower the learning rate or check the data for extreme values");
            }
            validation.ifPresent(v -> evaluate(trainer, data, v, "val_", metrics));
            long took = System.nanoTime() - start;
            double samplesPerSecond = train.rows() / ((trained - start) / 1e9);
            listener.epochEnded(new EpochReport(epoch, took / 1_000_000, Math.round(samplesPerSecond * 10) / 10.0,
                    metrics));
        }
        Map<String, Double> test = new LinkedHashMap<>();
        job.test().filter(rows -> rows.rows() > 0).ifPresent(rows -> evaluate(trainer, data, Batches.of(data, rows, objective),
                "test_", test));
        return new TrainingOutcome(false, test);
    }

    /**
     * One pass over the training data; false when cancelled at a batch boundary. Per batch, besides the step,
     * only two cheap native calls: the loss is added to a running sum and the outputs are copied into an epoch
     * buffer; the metric is computed once over that buffer at the end (Keras's running training metric).
     */
    private boolean trainEpoch(Trainer trainer, OptimizerStep optimizer, NDManager scope, Batches order,
                               NDArray one, Map<String, Double> metrics) {
        float learningRate = hp.optimizer().learningRate().floatValue();
        int size = hp.batchSize();
        boolean batchNorm = job.model().layers().stream().anyMatch(l -> l instanceof LayerSpec.BatchNorm);
        NDArray fullBatchLosses = scope.zeros(new Shape());
        NDArray partialBatchLoss = null;
        NDArray outputs = scope.create(new Shape(order.rows(), outputWidth()));
        int seen = 0;
        for (int from = 0; from < order.rows(); from += size) {
            if (job.cancellation().isRaised()) {
                return false;
            }
            int to = Math.min(order.rows(), from + size);
            if (batchNorm && to - from == 1 && from > 0) {
                break; // batch statistics of a single row are undefined; the row comes round again next epoch
            }
            try (NDManager step = scope.newSubManager()) {
                NDArray x = order.featureSlice(step, from, to);
                NDArray y = order.labelSlice(step, from, to);
                NDArray output;
                NDArray loss;
                try (Backprop backprop = new Backprop()) {
                    output = trainer.forward(new NDList(x)).singletonOrThrow();
                    loss = objective.loss(output, y);
                    backprop.backward(loss, one);
                }
                optimizer.step(learningRate);
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
        double lossSum = fullBatchLosses.getFloat() * (double) size
                + (partialBatchLoss == null ? 0 : partialBatchLoss.getFloat());
        NDIndex trained = new NDIndex().addSliceDim(0, seen);
        float metricSum = objective.metricSum(outputs.get(trained), order.labels().get(trained)).getFloat();
        metrics.put("loss", objective.reportLoss(decimal((float) (lossSum / seen))));
        metrics.put(objective.metric(), objective.reportMetric(decimal(metricSum / seen)));
        return true;
    }

    private int outputWidth() {
        return job.task() == dev.kiln.run.Task.MULTICLASS ? job.classes() : 1;
    }

    /** Loss and metric over all of {@code data} in inference mode, chunk by chunk. */
    private void evaluate(Trainer trainer, NDManager parent, Batches data, String prefix, Map<String, Double> into) {
        try (NDManager scope = parent.newSubManager()) {
            NDArray lossSum = scope.zeros(new Shape());
            NDArray metricSum = scope.zeros(new Shape());
            for (int from = 0; from < data.rows(); from += EVALUATION_CHUNK) {
                int to = Math.min(data.rows(), from + EVALUATION_CHUNK);
                try (NDManager chunk = scope.newSubManager()) {
                    NDArray x = data.featureSlice(chunk, from, to);
                    NDArray y = data.labelSlice(chunk, from, to);
                    NDArray output = trainer.evaluate(new NDList(x)).singletonOrThrow();
                    lossSum.addi(objective.loss(output, y).mul(to - from));
                    metricSum.addi(objective.metricSum(output, y));
                }
            }
            into.put(prefix + "loss", objective.reportLoss(decimal(lossSum.getFloat() / data.rows())));
            into.put(prefix + objective.metric(), objective.reportMetric(decimal(metricSum.getFloat() / data.rows())));
        }
    }

    /** A float32 result as the decimal it stands for (0.9583333, not 0.9583333134651184). */
    private static double decimal(float value) {
        return Double.parseDouble(Float.toString(value));
    }
}
