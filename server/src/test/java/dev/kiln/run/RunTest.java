package dev.kiln.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RunTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant T1 = T0.plusSeconds(1);
    private static final Instant T2 = T0.plusSeconds(2);
    private static final Instant T3 = T0.plusSeconds(3);

    private static Run aRun() {
        var request = new Run.Accepted(dev.kiln.access.Project.DEFAULT, UUID.randomUUID(), UUID.randomUUID(), null, null, "y", Task.BINARY,
                List.of("x"), dev.kiln.run.spec.TrainingSpec.defaults(), 0, null);
        return new Run(UUID.randomUUID(), request, T0, "test");
    }

    private static Run.Completion done() {
        return new Run.Completion(Map.of(), null, 0, 0);
    }

    @Test
    void recordsEveryTransitionInItsHistory() {
        Run run = aRun();
        int attempt = run.start(T1, "worker", "picked up");
        run.recordEpoch(attempt, 1, Map.of("loss", 0.5));
        run.succeed(attempt, T2, "worker", new Run.Completion(Map.of("test_accuracy", 0.9), null, 0, 0));

        assertThat(run.getStatus()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.getHistory()).extracting(RunStatusChange::getStatus)
                .containsExactly(RunStatus.QUEUED, RunStatus.RUNNING, RunStatus.SUCCEEDED);
        assertThat(run.getStartedAt()).isEqualTo(T1);
        assertThat(run.getFinishedAt()).isEqualTo(T2);
        assertThat(run.getTestMetrics()).containsEntry("test_accuracy", 0.9);
    }

    @Test
    void refusesToCancelAFinishedRun() {
        Run run = aRun();
        int attempt = run.start(T1, "worker", "picked up");
        run.fail(attempt, T2, "worker", "boom");

        assertThatExceptionOfType(RunAlreadyFinished.class).isThrownBy(() -> run.cancel(T2, "api"));
    }

    @Test
    void cancelsAQueuedRunAtOnce() {
        Run run = aRun();
        run.cancel(T1, "api");

        assertThat(run.getStatus()).isEqualTo(RunStatus.CANCELLED);
        assertThat(run.getFinishedAt()).isEqualTo(T1);
    }

    @Test
    void asksARunningRunToStopAndKeepsItRunningUntilTheWorkerStops() {
        Run run = aRun();
        int attempt = run.start(T1, "worker", "picked up");
        run.cancel(T2, "api");

        assertThat(run.getStatus()).isEqualTo(RunStatus.RUNNING);
        assertThat(run.isCancelRequested()).isTrue();

        run.acknowledgeCancel(attempt, T2, "worker");
        assertThat(run.getStatus()).isEqualTo(RunStatus.CANCELLED);
    }

    @Test
    void refusesEpochsOutOfOrder() {
        Run run = aRun();
        int attempt = run.start(T1, "worker", "picked up");
        run.recordEpoch(attempt, 1, Map.of());

        assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> run.recordEpoch(attempt, 3, Map.of()));
        assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> run.recordEpoch(attempt, 1, Map.of()));
    }

    @Test
    void refusesToStartTwice() {
        Run run = aRun();
        run.start(T1, "worker", "picked up");

        assertThatExceptionOfType(IllegalRunTransition.class).isThrownBy(() -> run.start(T2, "other", "again"));
    }

    @Test
    void aResumedRunGoesBackToItsCheckpointAndFencesOffTheLostWorker() {
        Run run = aRun();
        int lost = run.start(T1, "a", "picked up");
        run.recordEpoch(lost, 1, Map.of("loss", 0.9));
        run.recordCheckpoint(lost, new CheckpointRef("runs/x/1-0.ckpt", "ab", 1, 0));
        run.recordEpoch(lost, 2, Map.of("loss", 0.8));

        int resumed = run.resume(T2, "b", "resumed after a was lost");

        assertThat(resumed).isEqualTo(2);
        assertThat(run.getEpoch()).isEqualTo(1);
        assertThat(run.getLosses()).isEqualTo(1);
        assertThat(run.getHistory()).extracting(RunStatusChange::getStatus)
                .containsExactly(RunStatus.QUEUED, RunStatus.RUNNING, RunStatus.RUNNING);
        assertThatExceptionOfType(StaleAttempt.class).isThrownBy(() -> run.recordEpoch(lost, 2, Map.of()));
        assertThatExceptionOfType(StaleAttempt.class).isThrownBy(() -> run.succeed(lost, T3, "a", done()));
        run.recordEpoch(resumed, 2, Map.of("loss", 0.7));
        run.succeed(resumed, T3, "b", done());
        assertThat(run.getStatus()).isEqualTo(RunStatus.SUCCEEDED);
    }

    @Test
    void aRequeuedRunIsStartedAgainWithoutCountingALoss() {
        Run run = aRun();
        int first = run.start(T1, "a", "picked up");
        run.requeue(first, T2, "a", "a is stopping");

        assertThat(run.getStatus()).isEqualTo(RunStatus.QUEUED);
        int second = run.start(T3, "b", "picked up again");

        assertThat(second).isEqualTo(2);
        assertThat(run.getLosses()).isZero();
        assertThat(run.getStartedAt()).isEqualTo(T1);
        assertThat(run.getHistory()).extracting(RunStatusChange::getStatus)
                .containsExactly(RunStatus.QUEUED, RunStatus.RUNNING, RunStatus.QUEUED, RunStatus.RUNNING);
    }
}
