package dev.kiln.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import dev.kiln.training.Cancellation;
import dev.kiln.training.EpochReport;
import dev.kiln.training.TrainingFailed;
import dev.kiln.training.TrainingJob;
import dev.kiln.training.TrainingListener;
import dev.kiln.training.TrainingOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The real engine on tiny data: it learns, it reports every epoch, it stops when asked, it leaks nothing. */
class TrainingLoopTest {
    private final DjlTrainingEngine engine = new DjlTrainingEngine(new dev.kiln.training.TrainingSettings(1, java.time.Duration.ofSeconds(1), 0));

    private static int liveArrays() {
        try (NDManager probe = DjlRuntime.engine().newBaseManager()) {
            return probe.getParentManager().getManagedArrays().size();
        }
    }

    private static TrainingListener listener(Consumer<EpochReport> onEpoch) {
        return new TrainingListener() {
            @Override
            public void started(String device, int threads) {
                assertThat(device).isEqualTo("cpu()");
            }

            @Override
            public void epochEnded(EpochReport report) {
                onEpoch.accept(report);
            }
        };
    }

    @Test
    void learnsSeparableDataAndReportsEveryEpochInOrder() {
        List<EpochReport> epochs = new ArrayList<>();

        TrainingOutcome outcome = engine.train(TestJobs.binary(5, new Cancellation()), listener(epochs::add));

        assertThat(outcome.cancelled()).isFalse();
        assertThat(epochs).extracting(EpochReport::epoch).containsExactly(1, 2, 3, 4, 5);
        assertThat(epochs.get(0).metrics()).containsOnlyKeys("loss", "accuracy", "val_loss", "val_accuracy");
        assertThat(epochs.get(4).metrics().get("loss")).isLessThan(epochs.get(0).metrics().get("loss"));
        assertThat(outcome.testMetrics().get("test_accuracy")).isGreaterThan(0.95);
        assertThat(epochs).allSatisfy(e -> assertThat(e.samplesPerSecond()).isPositive());
    }

    @Test
    void leavesNoNDArrayBehindAcrossEpochsAndRuns() {
        engine.train(TestJobs.binary(1, new Cancellation()), listener(e -> { }));
        int before = liveArrays();
        List<Integer> atEpochEnd = new ArrayList<>();

        engine.train(TestJobs.binary(6, new Cancellation()), listener(e -> atEpochEnd.add(liveArrays())));
        engine.train(TestJobs.binary(3, new Cancellation()), listener(e -> { }));

        assertThat(atEpochEnd).hasSize(6).allSatisfy(n -> assertThat(n).isEqualTo(atEpochEnd.get(0)));
        assertThat(liveArrays()).isEqualTo(before);
    }

    @Test
    void stopsAtABatchBoundaryWhenCancelled() {
        Cancellation cancellation = new Cancellation();
        List<EpochReport> epochs = new ArrayList<>();

        TrainingOutcome outcome = engine.train(TestJobs.binary(100, cancellation), listener(e -> {
            epochs.add(e);
            if (e.epoch() == 2) {
                cancellation.raise();
            }
        }));

        assertThat(outcome.cancelled()).isTrue();
        assertThat(epochs).hasSize(2);
    }

    @Test
    void failsWithAReadableReasonWhenTheLossIsNotFinite() {
        TrainingJob job = TestJobs.binary(3, new Cancellation());
        float[] x = job.train().features().clone();
        x[0] = Float.NaN;
        var poisoned = new TrainingJob(job.runId(), job.model(), job.task(), job.classes(),
                new dev.kiln.feature.EncodedRows(x, job.train().targets(), job.train().rows(), job.train().width()),
                job.validation(), job.test(), job.hyperparameters(), 1.0, job.cancellation());

        assertThatThrownBy(() -> engine.train(poisoned, listener(e -> { }))).isInstanceOf(TrainingFailed.class)
                .hasMessageContaining("loss became NaN in epoch 1");
    }

    @Test
    void learnsWithSgdWithAndWithoutMomentumAndWithAdamw() {
        for (var optimizer : new dev.kiln.run.OptimizerSpec[] {
                new dev.kiln.run.OptimizerSpec("sgd", 0.1, 0.0, null, null, null, 0.0),
                new dev.kiln.run.OptimizerSpec("sgd", 0.05, 0.9, null, null, null, 0.0),
                new dev.kiln.run.OptimizerSpec("adamw", 0.01, null, 0.9, 0.999, 1e-7, 0.01)}) {
            TrainingJob job = TestJobs.binary(5, new Cancellation());
            var hp = job.hyperparameters();
            var tuned = new TrainingJob(job.runId(), job.model(), job.task(), job.classes(), job.train(),
                    job.validation(), job.test(), new dev.kiln.run.Hyperparameters(hp.epochs(), hp.batchSize(),
                    hp.validationSplit(), hp.shuffle(), hp.seed(), optimizer, hp.device(), hp.threads()), 1.0,
                    job.cancellation());
            List<EpochReport> epochs = new ArrayList<>();

            TrainingOutcome outcome = engine.train(tuned, listener(epochs::add));

            assertThat(epochs.get(4).metrics().get("loss")).as(optimizer.type())
                    .isLessThan(epochs.get(0).metrics().get("loss"));
            assertThat(outcome.testMetrics().get("test_accuracy")).as(optimizer.type()).isGreaterThan(0.9);
        }
    }

    @Test
    void describesThePyTorchEngine() {
        var info = engine.describe();

        assertThat(info.name()).isEqualTo("PyTorch");
        assertThat(info.version()).isEqualTo("2.7.1");
    }
}
