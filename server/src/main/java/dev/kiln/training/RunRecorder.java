package dev.kiln.training;

import dev.kiln.run.AttemptRecords;
import dev.kiln.run.CheckpointRef;
import dev.kiln.run.Run;
import dev.kiln.run.RunProvenance;
import dev.kiln.telemetry.KilnMeters;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records what the engine reports for one attempt at a run, fenced by the attempt. The training thread hands the
 * records to the run's {@link Bookkeeping} and goes on: the start (what preparation found, how it trains) while the
 * network is built, each epoch's checkpoint and metrics row while the next epoch trains. The best weights are the best
 * epoch's checkpoint itself (kept while it is the best, not written twice); the model is written while the last
 * epoch's bookkeeping finishes, and recorded with the run's success.
 */
final class RunRecorder implements TrainingListener {
    private static final Logger log = LoggerFactory.getLogger(RunRecorder.class);

    /** What the recorder writes with, shared by every run of a worker. */
    record Services(AttemptRecords records, CheckpointStore checkpoints, KilnMeters meters, TrainingEngine engine,
                    String instance) {}

    private final Services services;
    private final Run run;
    private final UUID runId;
    private final int attempt;
    private final JobPreparation.Prepared prepared;
    private final AttemptRecords.Preparation preparation;
    private final Bookkeeping bookkeeping;
    private final AtomicReference<CheckpointRef> latest = new AtomicReference<>();
    private final AtomicReference<CheckpointRef> best = new AtomicReference<>();
    private volatile boolean started;
    private CheckpointRef model;

    RunRecorder(Services services, Run run, int attempt, JobPreparation.Prepared prepared, String summary,
                Bookkeeping bookkeeping) {
        this.services = services;
        this.run = run;
        this.runId = run.getId();
        this.attempt = attempt;
        this.prepared = prepared;
        this.preparation = new AttemptRecords.Preparation(summary, prepared.warnings());
        this.bookkeeping = bookkeeping;
        run.getCheckpoint().ifPresent(latest::set);
        run.getBestCheckpoint().ifPresent(best::set);
    }

    @Override
    public void started(String device, int threads) {
        EngineInfo info = services.engine().describe();
        var hp = run.getSpec();
        var provenance = new RunProvenance(runId, prepared.datasetSha256(), hp, hp.seed(), info.name(), info.version(),
                info.djlVersion(), device, threads, System.getProperty("java.version"),
                System.getProperty("os.name") + "/" + System.getProperty("os.arch"), RunProvenance.currentKilnVersion(),
                services.instance(), run.getInitFrom().map(i -> i.runId()).orElse(null),
                run.getInitFrom().map(i -> i.checkpoint().json()).orElse(null));
        var setup = new AttemptRecords.Setup(device, threads, prepared.pipeline(), provenance);
        started = true;
        bookkeeping.submit(() -> services.records().recordStart(runId, attempt, preparation, setup));
    }

    /** Records what preparation found when the engine stopped before it started training. */
    void recordPreparationIfNotStarted() {
        if (!started) {
            services.records().recordPreparation(runId, attempt, preparation);
        }
    }

    @Override
    public void epochEnded(EpochReport report, Optional<CheckpointWriter> checkpoint) {
        services.meters().epoch(run.getTask().name(), report.durationMs(), report.samplesPerSecond());
        bookkeeping.submit(() -> {
            long start = System.nanoTime();
            Optional<CheckpointRef> written = checkpoint.map(w -> timed(() -> services.checkpoints().write(runId,
                    report.epoch(), 0, w)));
            Optional<CheckpointRef> bestNow = report.best() ? written : Optional.empty();
            services.records().recordEpoch(runId, attempt, new AttemptRecords.Epoch(report.epoch(),
                    report.durationMs(), report.samplesPerSecond(), report.metrics(), written, bestNow));
            CheckpointRef previousLatest = written.map(latest::getAndSet).orElse(null);
            CheckpointRef previousBest = bestNow.map(best::getAndSet).orElse(null);
            release(previousLatest);
            release(previousBest);
            log.debug("Run {}: epoch {} recorded{} in {} ms, while the next one trained", runId, report.epoch(),
                    written.isPresent() ? " with its checkpoint" : "", (System.nanoTime() - start) / 1_000_000);
        });
    }

    @Override
    public void awaitRecorded() {
        bookkeeping.await();
    }

    /** Writes the model while the last epoch's bookkeeping finishes; {@link #model()} then holds it. */
    @Override
    public void modelReady(CheckpointWriter writer) {
        CheckpointRef written = timed(() -> services.checkpoints().writeModel(runId, writer));
        bookkeeping.await();
        model = written;
    }

    /** The model written by {@link #modelReady}, once training completed. */
    CheckpointRef model() {
        if (model == null) {
            throw new IllegalStateException("run " + runId + " completed without handing over its model");
        }
        return model;
    }

    @Override
    public void interrupted(int epoch, int batch, CheckpointWriter checkpoint) {
        bookkeeping.await();
        CheckpointRef written = timed(() -> services.checkpoints().write(runId, epoch, batch, checkpoint));
        services.records().recordCheckpoint(runId, attempt, written);
        release(latest.getAndSet(written));
    }

    private CheckpointRef timed(Supplier<CheckpointRef> write) {
        long start = System.nanoTime();
        CheckpointRef written = write.get();
        services.meters().checkpointWritten(java.time.Duration.ofNanos(System.nanoTime() - start));
        return written;
    }

    /** Removes a checkpoint the run no longer points at, as its latest nor as its best (once that is recorded). */
    private void release(CheckpointRef previous) {
        if (previous != null && !holds(latest.get(), previous) && !holds(best.get(), previous)) {
            services.checkpoints().discard(previous);
        }
    }

    private static boolean holds(CheckpointRef current, CheckpointRef checkpoint) {
        return current != null && current.key().equals(checkpoint.key());
    }
}
