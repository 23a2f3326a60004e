package dev.kiln.djl;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import dev.kiln.model.LayerSpec;
import dev.kiln.run.Hyperparameters;
import dev.kiln.run.Task;
import dev.kiln.training.EpochReport;
import dev.kiln.training.TrainingFailed;
import dev.kiln.training.TrainingJob;
import dev.kiln.training.TrainingListener;
import dev.kiln.training.TrainingOutcome;
import dev.kiln.training.TrainingSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Kiln's epoch loop for one job. Scopes nest as job (model) → trainer → data → epoch → batch; every NDArray is
 * created in one of them and closed with it. A checkpoint is handed to the listener after every
 * {@code checkpointEvery} epochs and when training is interrupted; training continues from one exactly.
 */
final class TrainingLoop {
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
                Checkpoints.Restored restored = restore(model, optimizer, data);
                return train(trainer, model, optimizer, data, restored);
            }
        }
    }

    private Checkpoints.Restored restore(Model model, OptimizerStep optimizer, NDManager data) {
        if (job.control().resume().isEmpty()) {
            return null;
        }
        try {
            return Checkpoints.restore(job.control().resume().get().source(), model.getBlock(), optimizer, data);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the checkpoint of run " + job.runId(), e);
        }
    }

    private TrainingOutcome train(Trainer trainer, Model model, OptimizerStep optimizer, NDManager data,
                                  Checkpoints.Restored restored) {
        Batches train = Batches.of(data, job.train(), objective);
        Optional<Batches> validation = job.validation().map(rows -> Batches.of(data, rows, objective));
        NDArray one = data.ones(new Shape());
        var pass = new EpochPass(trainer, optimizer, objective, hp, job.control(), has(LayerSpec.Dropout.class),
                has(LayerSpec.BatchNorm.class));
        int first = restored == null ? 1 : restored.position().epoch() + 1;
        for (int epoch = first; epoch <= hp.epochs(); epoch++) {
            long start = System.nanoTime();
            Map<String, Double> metrics = new LinkedHashMap<>();
            try (NDManager scope = data.newSubManager()) {
                Batches order = hp.shuffle() ? train.shuffled(scope, new Random(Seeds.of(hp.seed(), epoch))) : train;
                EpochPass.Result result = pass.run(scope, order, epoch, outputWidth(), one,
                        epoch == first ? restored : null);
                if (!result.completed()) {
                    return stopped(result, epoch, model, optimizer);
                }
                pass.report(result, order, metrics);
            }
            long trained = System.nanoTime();
            if (!Double.isFinite(metrics.get("loss"))) {
                throw new TrainingFailed("the training loss became " + metrics.get("loss") + " in epoch " + epoch
                        + "; lower the learning rate or check the data for extreme values");
            }
            validation.ifPresent(v -> Evaluation.evaluate(trainer, objective, data, v, "val_", metrics));
            double samplesPerSecond = train.rows() / ((trained - start) / 1e9);
            var report = new EpochReport(epoch, (System.nanoTime() - start) / 1_000_000,
                    Math.round(samplesPerSecond * 10) / 10.0, metrics);
            boolean due = epoch % job.control().checkpointEvery() == 0 || epoch == hp.epochs();
            var position = new Checkpoints.Position(epoch, 0, optimizer.updates(), 0, 0);
            listener.epochEnded(report, due ? Optional.of(out -> Checkpoints.write(out, position, model.getBlock(),
                    optimizer, null)) : Optional.empty());
        }
        Map<String, Double> test = new LinkedHashMap<>();
        job.test().filter(rows -> rows.rows() > 0).ifPresent(rows ->
                Evaluation.evaluate(trainer, objective, data, Batches.of(data, rows, objective), "test_", test));
        return TrainingOutcome.completed(test);
    }

    /** Stopped between batches: a shutdown hands over a checkpoint of exactly this point first. */
    private TrainingOutcome stopped(EpochPass.Result result, int epoch, Model model, OptimizerStep optimizer) {
        if (result.stop() == dev.kiln.training.Cancellation.Reason.SHUTDOWN) {
            var position = new Checkpoints.Position(epoch - 1, result.batches(), optimizer.updates(),
                    result.lossSum(), result.rows());
            NDArray partial = result.batches() > 0 ? result.trainedOutputs() : null;
            listener.interrupted(epoch - 1, result.batches(),
                    out -> Checkpoints.write(out, position, model.getBlock(), optimizer, partial));
        }
        return TrainingOutcome.stopped(result.stop());
    }

    private boolean has(Class<? extends LayerSpec> kind) {
        return job.model().layers().stream().anyMatch(kind::isInstance);
    }

    private int outputWidth() {
        return job.task() == Task.MULTICLASS ? job.classes() : 1;
    }
}
