package dev.kiln.djl;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import dev.kiln.metrics.MetricSpec;
import dev.kiln.model.LayerSpec;
import dev.kiln.model.ShapeTrace;
import dev.kiln.run.spec.EarlyStoppingSpec;
import dev.kiln.run.spec.TrainingSpec;
import dev.kiln.run.Task;
import dev.kiln.training.EarlyStopping;
import dev.kiln.training.EpochReport;
import dev.kiln.training.LearningRates;
import dev.kiln.training.Scoring;
import dev.kiln.training.TrainingFailed;
import dev.kiln.training.TrainingJob;
import dev.kiln.training.TrainingListener;
import dev.kiln.training.TrainingOutcome;
import dev.kiln.training.TrainingSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import dev.kiln.interaction.RankingData;

/**
 * Kiln's epoch loop for one job. Scopes nest as job (model) → trainer → data → epoch → batch; every NDArray is
 * created in one of them and closed with it. Each epoch trains at its scheduled learning rate, records loss,
 * metrics, {@code lr} and {@code weight_norm}, and is judged by early stopping (or, without it, by
 * {@code val_loss}/{@code loss} for the best checkpoint). A checkpoint is handed to the listener after every
 * {@code checkpointEvery} epochs, on a new best epoch, and when training is interrupted; training continues from
 * one exactly. An epoch's checkpoint is a snapshot the listener may write while the next epoch trains; the epoch's
 * duration runs until it is handed over (including any wait for the previous epoch's bookkeeping).
 */
final class TrainingLoop {
    private final TrainingJob job;
    private final TrainingListener listener;
    private final Objective objective;
    private final TrainingSpec hp;
    private final TrainingSettings settings;
    private final LearningRates rates;
    private final EarlyStopping stopping;

    TrainingLoop(TrainingJob job, TrainingListener listener, TrainingSettings settings) {
        TrainingSpec given = job.spec();
        this.hp = !given.metrics().isEmpty() ? given : given.withMetrics(List.of(MetricSpec.named(
                job.task().isClassification() ? "accuracy" : "mae")));
        this.job = job;
        this.listener = listener;
        this.settings = settings;
        this.objective = Objective.of(job.task(), job.targetScale(), hp.interactions() == null
                ? dev.kiln.interaction.RankingLoss.BCE : hp.interactions().loss());
        this.rates = new LearningRates(hp.optimizer().learningRate(), hp.learningRateSchedule(), hp.epochs());
        EarlyStoppingSpec spec = hp.earlyStopping() != null ? hp.earlyStopping()
                : EarlyStoppingSpec.watching(job.validation().isPresent() ? "val_loss" : "loss");
        this.stopping = new EarlyStopping(spec);
    }

    TrainingOutcome run() {
        Objective training = job.teacher().map(this::distilled).orElse(objective);
        Device device = DjlRuntime.device(hp.device());
        int threads = ThreadPolicy.choose(hp.threads(), settings.threads(), job.model(), job.layout(),
                hp.batchSize(), Runtime.getRuntime().availableProcessors(), settings.maxConcurrentRuns());
        DjlRuntime.useThreads(threads);
        listener.started(device.toString(), threads);
        try (RandomDraws.Scope draws = RandomDraws.scope(); Model model = Model.newInstance("run-" + job.runId(), device, DjlRuntime.ENGINE)) {
            model.setBlock(NetworkBuilder.build(job.model(), job.task(), job.layout()));
            // the trainer initialises the parameters and runs forward passes; OptimizerStep updates them
            var config = new DefaultTrainingConfig(new ObjectiveLoss(objective)).optDevices(new Device[] {device});
            try (Trainer trainer = model.newTrainer(config); NDManager data = trainer.getManager().newSubManager();
                 OptimizerStep optimizer = initialized(trainer, model, data)) {
                var best = new BestWeights(model, stopping.restoresBestWeights(), data);
                Checkpoints.Restored restored = restore(model, optimizer, best, data);
                return train(trainer, model, optimizer, best, data, restored, training);
            }
        }
    }

    /** The parameters initialised, and the optimizer over them. */
    private OptimizerStep initialized(Trainer trainer, Model model, NDManager data) {
        RandomDraws.initialising(hp.seed(), () -> trainer.initialize(batchOf(1, job.inputShape())));
        return new OptimizerStep(model.getBlock(), hp.optimizer(), data);
    }

    private Checkpoints.Restored restore(Model model, OptimizerStep optimizer, BestWeights best, NDManager data) {
        if (job.control().resume().isEmpty()) {
            job.control().initFrom().ifPresent(weights -> warmStart(weights, model, data));
            return null;
        }
        var resume = job.control().resume().get();
        try {
            if (best.kept() && resume.best().isPresent()) {
                Checkpoints.restoreParameters(resume.best().get(), model.getBlock(), data);
                best.keep();
            }
            var restored = Checkpoints.restore(resume.source(), model.getBlock(), optimizer, data);
            rates.restore(restored.position().schedule());
            stopping.restore(restored.position().stopping());
            return restored;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the checkpoint of run " + job.runId(), e);
        }
    }

    /** Begins with another run's weights; a network of another shape cannot take them. */
    private void warmStart(TrainingJob.CheckpointSource weights, Model model, NDManager data) {
        try {
            Checkpoints.restoreParameters(weights, model.getBlock(), data);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the weights to start from", e);
        } catch (RuntimeException e) {
            throw new TrainingFailed("initFrom: the parent's weights do not fit this network (" + e.getMessage() + ")");
        }
    }

    /**
     * The training rows' objective when the run distils: the teacher's outputs for every training row, computed once
     * without autograd by the teacher's network in its own scope.
     */
    private Objective distilled(TrainingJob.Teacher teacher) {
        int width = job.task() == dev.kiln.run.Task.MULTICLASS ? job.classes() : 1;
        try (var network = new DjlModelRuntime().load(teacher.model(), job.task(), job.classes(), teacher.layout(),
                teacher.parameters())) {
            float[] logits = network.predict(teacher.features(), job.train().rows());
            return Objective.distilled(objective, logits, width, teacher.temperature(), teacher.alpha());
        } catch (RuntimeException e) {
            throw new TrainingFailed("distillation: the teacher's network could not predict the training rows ("
                    + e.getMessage() + ")");
        }
    }

    private TrainingOutcome train(Trainer trainer, Model model, OptimizerStep optimizer, BestWeights best,
                                  NDManager data, Checkpoints.Restored restored, Objective training) {
        long largest = ShapeTrace.of(job.model(), job.layout()).largestActivation();
        RankingData ranking = job.data().ranking();
        Batches train = ranking != null ? null : Batches.of(data, job.train(), training, job.data().classWeights(),
                job.data().images(), largest);
        Optional<Batches> validation = job.validation().map(rows -> Batches.of(data, rows, objective, null,
                job.data().images(), largest));
        NDArray one = data.ones(new Shape());
        Kernels kernels = new Kernels(job.model(), model.getBlock());
        int batchRows = hp.batchSize() * (ranking == null ? 1 : ranking.sampler().rowsPerExample());
        var pass = new EpochPass(trainer, optimizer, training, hp, job.control(), has(LayerSpec.BatchNorm.class),
                kernels, Augmenter.of(job.data().augmentation()), batchRows);
        MagnitudePruning pruning = hp.pruning() == null ? null : new MagnitudePruning(hp.pruning(), kernels);
        if (pruning != null) {
            if (restored != null) {
                pruning.restore(restored.position().epoch(), data);
            }
            pass.afterEachStep(pruning::apply);
        }
        int first = restored == null ? 1 : restored.position().epoch() + 1;
        for (int epoch = first; epoch <= hp.epochs(); epoch++) {
            long start = System.nanoTime();
            float learningRate = (float) rates.at(epoch);
            Map<String, Double> metrics = new LinkedHashMap<>();
            int rows;
            try (NDManager scope = data.newSubManager()) {
                // a ranking run's rows are each epoch's positives and sampled negatives, already in a seeded order
                Batches order = ranking != null ? Batches.of(scope, ranking.sampler().epoch(epoch), objective, null,
                        null, largest) : hp.shuffle() ? train.shuffled(scope, new Random(Seeds.of(hp.seed(), epoch)))
                        : train;
                rows = order.rows();
                EpochPass.Result result = pass.run(scope, order, epoch, learningRate, outputWidth(), one,
                        epoch == first ? restored : null);
                if (!result.completed()) {
                    return stopped(result, epoch, model, optimizer);
                }
                pass.report(result, order, job, metrics);
            }
            long trained = System.nanoTime();
            if (pruning != null) {
                pruning.epochEnded(epoch, data);
                metrics.putAll(pruning.sparsity());
            }
            if (!Double.isFinite(metrics.get("loss"))) {
                throw new TrainingFailed("the training loss became " + metrics.get("loss") + " in epoch " + epoch
                        + "; lower the learning rate or check the data for extreme values");
            }
            double penalty = kernels.penaltyValue(data);
            validation.ifPresent(v -> Evaluation.evaluate(trainer, objective, data, v, job.validation().get(), job,
                    ranking != null ? List.of() : hp.metrics(), penalty, "val_", metrics));
            if (ranking != null && ranking.validation() != null) {
                ranked(trainer, data, ranking.validation(), "val_", metrics);
            }
            metrics.put("lr", rates.at(epoch));
            metrics.put("weight_norm", Evaluation.decimal((float) kernels.norm(data)));
            rates.epochEnded(metrics);
            EarlyStopping.Verdict verdict = stopping.epochEnded(epoch, metrics);
            if (verdict.best()) {
                best.keep();
            }
            double samplesPerSecond = rows / ((trained - start) / 1e9);
            boolean due = epoch % job.control().checkpointEvery() == 0 || epoch == hp.epochs() || verdict.stop();
            var position = new Checkpoints.Position(epoch, 0, optimizer.updates(), 0, 0, rates.state(),
                    stopping.state());
            var checkpoint = due || verdict.best() ? Optional.of(Checkpoints.snapshot(position, model.getBlock(),
                    optimizer)) : Optional.<TrainingListener.CheckpointWriter>empty();
            listener.awaitRecorded(); // the previous epoch's bookkeeping, done while this one trained
            listener.epochEnded(new EpochReport(epoch, (System.nanoTime() - start) / 1_000_000,
                    Math.round(samplesPerSecond * 10) / 10.0, metrics, verdict.best()), checkpoint);
            if (verdict.stop()) {
                break;
            }
        }
        best.restore();
        return completed(trainer, model, optimizer, data, kernels);
    }

    /** The test split's metrics and (classification) evaluation, on the final weights; the model handed over. */
    private TrainingOutcome completed(Trainer trainer, Model model, OptimizerStep optimizer, NDManager data,
                                      Kernels kernels) {
        Map<String, Double> test = new LinkedHashMap<>();
        dev.kiln.metrics.Evaluation evaluation = null;
        if (job.test().isPresent() && job.test().get().rows() > 0) {
            var rows = job.test().get();
            Batches batches = Batches.of(data, rows, objective, null, job.data().images(),
                    ShapeTrace.of(job.model(), job.layout()).largestActivation());
            RankingData ranking = job.data().ranking();
            Evaluation.evaluate(trainer, objective, data, batches, rows, job, ranking != null ? List.of()
                    : hp.metrics(), kernels.penaltyValue(data), "test_", test);
            if (ranking != null && ranking.test() != null) {
                ranked(trainer, data, ranking.test(), "test_", test);
            }
            if (job.task().isClassification()) {
                var outputs = Evaluation.outputs(trainer, objective, data, batches);
                evaluation = Scoring.evaluate(outputs.values(), outputs.width(), rows.targets(),
                        job.data().classLabels());
            }
        }
        var position = new Checkpoints.Position(hp.epochs(), 0, optimizer.updates(), 0, 0, null, null);
        listener.modelReady(out -> Checkpoints.write(out, position, model.getBlock(), optimizer, null));
        return new TrainingOutcome(TrainingOutcome.Ending.COMPLETED, test, evaluation,
                hp.earlyStopping() == null ? 0 : stopping.bestEpoch(), stopping.stoppedEpoch());
    }

    /** Stopped between batches: a shutdown hands over a checkpoint of exactly this point first. */
    private TrainingOutcome stopped(EpochPass.Result result, int epoch, Model model, OptimizerStep optimizer) {
        if (result.stop() == dev.kiln.training.Cancellation.Reason.SHUTDOWN) {
            var position = new Checkpoints.Position(epoch - 1, result.batches(), optimizer.updates(),
                    result.lossSum(), result.rows(), rates.state(), stopping.state());
            NDArray partial = result.batches() > 0 ? result.trainedOutputs() : null;
            listener.interrupted(epoch - 1, result.batches(),
                    out -> Checkpoints.write(out, position, model.getBlock(), optimizer, partial));
        }
        return TrainingOutcome.stopped(result.stop());
    }

    /** A ranking run's metrics on held-out users, every item of the catalog ranked for each. */
    private void ranked(Trainer trainer, NDManager data, dev.kiln.interaction.HeldOut users, String prefix,
                        Map<String, Double> into) {
        RankingData ranking = job.data().ranking();
        RankingEvaluation.metrics(trainer, data, users, ranking.items(), job.inputShape()[0],
                job.layout().offsetOf(hp.interactions().user()), job.layout().offsetOf(hp.interactions().item()),
                hp.metrics())
                .forEach((name, value) -> into.put(prefix + name, value));
    }

    /** A shape of {@code rows} samples of {@code sample}. */
    static Shape batchOf(long rows, int[] sample) {
        long[] dims = new long[sample.length + 1];
        dims[0] = rows;
        for (int i = 0; i < sample.length; i++) {
            dims[i + 1] = sample[i];
        }
        return new Shape(dims);
    }

    private boolean has(Class<? extends LayerSpec> kind) {
        return job.model().layers().stream().anyMatch(kind::isInstance);
    }

    private int outputWidth() {
        return job.task() == Task.MULTICLASS ? job.classes() : 1;
    }
}
