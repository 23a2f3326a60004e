package dev.kiln.run;

import dev.kiln.KilnInstance;
import dev.kiln.domain.NotFound;
import dev.kiln.feature.FeaturePipeline;
import dev.kiln.run.RunActivity.CheckpointRecorded.Kind;
import dev.kiln.run.search.RunIndex;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What a worker's attempt at a run records while it trains, each record one short transaction on the run's locked
 * row, fenced by the attempt (a worker whose run was taken over gets {@link StaleAttempt}): its start, each epoch
 * with its checkpoints, the checkpoint of a stop, and its model together with its success.
 */
@Component
public class AttemptRecords {
    private final RunRepository runs;
    private final EpochMetricRepository metrics;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transactions;
    private final RunWrites writes;
    private final Clock clock;
    private final KilnInstance instance;

    AttemptRecords(RunRepository runs, EpochMetricRepository metrics, ApplicationEventPublisher events,
                   PlatformTransactionManager transactionManager, RunIndex index, Clock clock, KilnInstance instance) {
        this.runs = runs;
        this.metrics = metrics;
        this.events = events;
        this.transactions = new TransactionTemplate(transactionManager);
        this.writes = new RunWrites(runs, transactions, events, index);
        this.clock = clock;
        this.instance = instance;
    }

    /** What preparing the run's data found: a line for the run's log, and warnings (replacing an earlier attempt's). */
    public record Preparation(String summary, List<String> warnings) {}

    /** How the attempt trains: where, on how many threads, with which fitted preprocessing and provenance. */
    public record Setup(String device, int threads, FeaturePipeline preprocessing, RunProvenance provenance) {}

    /** The attempt started training: what its preparation found and how it trains, in one transaction. */
    public void recordStart(UUID id, int attempt, Preparation preparation, Setup setup) {
        List<RunActivity> lines = preparationLines(id, preparation);
        lines.add(new RunActivity.Logged(id, RunActivity.Logged.Level.INFO, "training on " + setup.device() + " with "
                + setup.threads() + " intra-op thread" + (setup.threads() == 1 ? "" : "s"), clock.instant()));
        writes.update(id, r -> {
            r.requireAttempt(attempt, "record its setup");
            r.recordWarnings(preparation.warnings());
            r.recordSetup(setup.device(), setup.threads(), setup.preprocessing(), setup.provenance());
        }, lines.toArray(RunActivity[]::new));
    }

    /** What preparation found, for an attempt that failed before it started training. */
    public void recordPreparation(UUID id, int attempt, Preparation preparation) {
        writes.update(id, r -> {
            r.requireAttempt(attempt, "record warnings");
            r.recordWarnings(preparation.warnings());
        }, preparationLines(id, preparation).toArray(RunActivity[]::new));
    }

    private List<RunActivity> preparationLines(UUID id, Preparation preparation) {
        List<RunActivity> lines = new ArrayList<>();
        lines.add(new RunActivity.Logged(id, RunActivity.Logged.Level.INFO, preparation.summary(), clock.instant()));
        preparation.warnings().forEach(w -> lines.add(new RunActivity.Logged(id, RunActivity.Logged.Level.WARN, w,
                clock.instant())));
        return lines;
    }

    /**
     * An epoch's metrics row and the run's progress — with the checkpoint written after it, and the best weights
     * when the epoch is the best so far — in one transaction, so that a resumed run never trains a recorded epoch
     * twice.
     */
    public void recordEpoch(UUID id, int attempt, Epoch epoch) {
        RunWrites.retrying(() -> transactions.executeWithoutResult(status -> {
            Run run = runs.findForUpdate(id).orElseThrow(() -> new NotFound("run", id));
            epoch.best().ifPresent(b -> run.recordBest(attempt, b));
            run.recordEpoch(attempt, epoch.epoch(), epoch.values());
            epoch.checkpoint().ifPresent(c -> run.recordCheckpoint(attempt, c));
            EpochMetric row = metrics.save(new EpochMetric(id, epoch.epoch(), epoch.durationMs(),
                    epoch.samplesPerSecond(), epoch.values(), clock.instant()));
            writes.announce(runs.saveAndFlush(run), run.getHistory().size());
            epoch.best().ifPresent(b -> events.publishEvent(RunWrites.checkpoint(id, Kind.BEST, b)));
            events.publishEvent(new RunActivity.EpochRecorded(id, epoch.epoch(), epoch.durationMs(),
                    epoch.samplesPerSecond(), epoch.values(), row.getRecordedAt()));
            epoch.checkpoint().ifPresent(c -> events.publishEvent(RunWrites.checkpoint(id, Kind.LAST, c)));
        }));
    }

    /** One epoch's record: its metrics, and the checkpoints written after it (the latest, and the best weights). */
    public record Epoch(int epoch, long durationMs, double samplesPerSecond, Map<String, Double> values,
                        Optional<CheckpointRef> checkpoint, Optional<CheckpointRef> best) {}

    /** The checkpoint a stopping attempt wrote in the middle of an epoch. */
    public void recordCheckpoint(UUID id, int attempt, CheckpointRef checkpoint) {
        writes.update(id, r -> r.recordCheckpoint(attempt, checkpoint), RunWrites.checkpoint(id, Kind.LAST, checkpoint));
    }

    /** The run trained to its end: its model and its completion recorded, SUCCEEDED, in one transaction. */
    public void succeed(UUID id, int attempt, CheckpointRef model, Run.Completion completion) {
        writes.update(id, r -> {
            r.recordModel(attempt, model);
            r.succeed(attempt, clock.instant(), instance.id(), completion);
        }, RunWrites.checkpoint(id, Kind.MODEL, model));
    }
}
