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

    private static Run aRun() {
        var hp = new HyperparameterResolver(() -> 1L).resolve(null);
        var request = new Run.RunRequest(UUID.randomUUID(), UUID.randomUUID(), null, "y", Task.BINARY,
                List.of("x"), hp, 0);
        return new Run(UUID.randomUUID(), request, T0, "test");
    }

    @Test
    void recordsEveryTransitionInItsHistory() {
        Run run = aRun();
        run.start(T1, "worker", "picked up");
        run.recordEpoch(1, Map.of("loss", 0.5));
        run.succeed(T2, "worker", Map.of("test_accuracy", 0.9));

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
        run.start(T1, "worker", "picked up");
        run.fail(T2, "worker", "boom");

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
        run.start(T1, "worker", "picked up");
        run.cancel(T2, "api");

        assertThat(run.getStatus()).isEqualTo(RunStatus.RUNNING);
        assertThat(run.isCancelRequested()).isTrue();

        run.acknowledgeCancel(T2, "worker");
        assertThat(run.getStatus()).isEqualTo(RunStatus.CANCELLED);
    }

    @Test
    void refusesEpochsOutOfOrder() {
        Run run = aRun();
        run.start(T1, "worker", "picked up");
        run.recordEpoch(1, Map.of());

        assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> run.recordEpoch(3, Map.of()));
        assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> run.recordEpoch(1, Map.of()));
    }

    @Test
    void refusesToStartTwice() {
        Run run = aRun();
        run.start(T1, "worker", "picked up");

        assertThatExceptionOfType(IllegalRunTransition.class).isThrownBy(() -> run.start(T2, "other", "again"));
    }
}
