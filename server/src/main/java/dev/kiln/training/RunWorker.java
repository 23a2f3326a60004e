package dev.kiln.training;

import dev.kiln.KilnInstance;
import dev.kiln.access.Quotas;
import dev.kiln.run.AttemptRecords;
import dev.kiln.run.InitFrom;
import dev.kiln.run.Run;
import dev.kiln.run.RunHistory;
import dev.kiln.run.RunStatus;
import dev.kiln.run.StaleAttempt;
import dev.kiln.telemetry.KilnMeters;
import java.util.OptionalInt;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * Trains one run on the calling (queue) thread and records every step in its history: RUNNING, one metrics
 * row and checkpoint per epoch, then SUCCEEDED, FAILED with a reason, CANCELLED — or back to QUEUED when this
 * instance stops. A run found RUNNING was being trained by a worker that is gone: it resumes from its last
 * checkpoint, and that worker's attempt is fenced off.
 */
@Component
class RunWorker {
    private static final Logger log = LoggerFactory.getLogger(RunWorker.class);

    /** What the queue should do with the run's execution afterwards: nothing, run it again now, or a little later. */
    enum Result { DONE, REQUEUED, POSTPONED }

    private final RunHistory history;
    private final JobPreparation preparation;
    private final TrainingEngine engine;
    private final ActiveRuns active;
    private final CheckpointStore checkpoints;
    private final TrainingSettings settings;
    private final KilnInstance instance;
    private final Quotas quotas;
    private final KilnMeters meters;
    private final AttemptRecords records;
    private final RunRecorder.Services recording;

    RunWorker(RunHistory history, AttemptRecords records, JobPreparation preparation, TrainingEngine engine,
              ActiveRuns active, CheckpointStore checkpoints, TrainingSettings settings, KilnInstance instance,
              Quotas quotas, KilnMeters meters) {
        this.meters = meters;
        this.records = records;
        this.recording = new RunRecorder.Services(records, checkpoints, meters, engine, instance.id());
        this.quotas = quotas;
        this.history = history;
        this.preparation = preparation;
        this.engine = engine;
        this.active = active;
        this.checkpoints = checkpoints;
        this.settings = settings;
        this.instance = instance;
    }

    Result train(UUID runId) {
        MDC.put("runId", runId.toString());
        try {
            Run run = history.find(runId).orElse(null);
            if (run == null || run.getStatus().isFinal()) {
                log.info("Run {} is {}; nothing to train", runId, run == null ? "gone" : run.getStatus());
                return Result.DONE;
            }
            if (active.stopping()) {
                // the queue may still hand out the run this instance just put back; it is left for the next one
                log.info("Run {} is left in the queue: this instance is stopping", runId);
                return Result.POSTPONED;
            }
            if (run.getStatus() == RunStatus.QUEUED && history.count(run.getProjectId(), RunStatus.RUNNING)
                    >= quotas.of(run.getProjectId()).maxConcurrentRuns()) {
                log.info("Run {} waits: its project trains as many runs at once as it may", runId);
                return Result.POSTPONED;
            }
            OptionalInt attempt = run.getStatus() == RunStatus.RUNNING
                    ? history.resume(runId, "resumed by " + instance.id() + " after the worker of attempt "
                            + run.getAttempts() + " was lost" + from(run), settings.maxAttempts())
                    : OptionalInt.of(history.start(runId, (run.getAttempts() == 0 ? "picked up by " : "picked up again by ")
                            + instance.id() + (run.getAttempts() == 0 ? "" : from(run))));
            if (attempt.isEmpty()) {
                log.warn("Run {} lost its worker too often and failed", runId);
                meters.runFinished(run.getTask().name(), "failed");
                return Result.DONE;
            }
            meters.runStarted(run.getTask().name());
            if (run.getAttempts() == 0) {
                meters.queued(run.getTask().name(), java.time.Duration.between(run.getCreatedAt(),
                        java.time.Instant.now()));
            }
            return train(history.get(runId), attempt.getAsInt());
        } finally {
            MDC.remove("runId");
        }
    }

    private static String from(Run run) {
        return run.getCheckpoint().map(c -> "; continues from the checkpoint after epoch " + c.epoch()
                + (c.batch() > 0 ? ", batch " + c.batch() : "")).orElse("; starts over (no checkpoint yet)");
    }

    private Result train(Run run, int attempt) {
        UUID runId = run.getId();
        Cancellation cancellation = active.register(runId);
        var bookkeeping = new Bookkeeping("kiln-bookkeeping-" + runId);
        RunRecorder recorder = null;
        try {
            long start = System.nanoTime();
            var prepared = preparation.prepare(run, control(run, cancellation));
            String summary = prepared.job().train().rows() + " training rows × " + prepared.job().train().width()
                    + " inputs prepared in " + (System.nanoTime() - start) / 1_000_000 + " ms";
            log.info("Run {}: {}", runId, summary);
            prepared.warnings().forEach(w -> log.warn("Run {}: {}", runId, w));
            recorder = new RunRecorder(recording, run, attempt, prepared, summary, bookkeeping);
            TrainingOutcome outcome = engine.train(prepared.job(), recorder);
            bookkeeping.await();
            return finish(run, attempt, outcome, recorder);
        } catch (TrainingFailed e) {
            log.info("Run {} failed: {}", runId, e.getMessage());
            failed(run, attempt, recorder, bookkeeping, e.getMessage());
        } catch (StaleAttempt e) {
            log.warn("Run {} was taken over by another worker; this attempt stops: {}", runId, e.getMessage());
        } catch (java.io.UncheckedIOException e) {
            log.error("Run {} failed reading or writing its files", runId, e);
            failed(run, attempt, recorder, bookkeeping, "Kiln could not read or write this run's files (its dataset's "
                    + "or checkpoints' storage failed); the details are in the server's log under this run's id");
        } catch (RuntimeException | Error e) {
            log.error("Run {} failed unexpectedly", runId, e);
            failed(run, attempt, recorder, bookkeeping, "training stopped on an internal error in Kiln; the details "
                    + "are in the server's log under this run's id");
        } finally {
            bookkeeping.close();
            active.unregister(runId);
        }
        return Result.DONE;
    }

    /** Ends the run FAILED with {@code reason}, after its bookkeeping, and what preparation found if unrecorded. */
    private void failed(Run run, int attempt, RunRecorder recorder, Bookkeeping bookkeeping, String reason) {
        meters.runFinished(run.getTask().name(), "failed");
        bookkeeping.settle();
        if (recorder != null) {
            recorder.recordPreparationIfNotStarted();
        }
        history.fail(run.getId(), attempt, reason);
    }

    private TrainingJob.Control control(Run run, Cancellation cancellation) {
        var resume = run.getCheckpoint().map(c -> new TrainingJob.Resume(c.epoch(), c.batch(), checkpoints.source(c),
                run.getBestCheckpoint().map(checkpoints::source)));
        var deadline = run.getSpec().runtimeLimit().map(limit -> run.getStartedAt().plus(limit));
        var initFrom = run.getInitFrom().map(init -> {
            Run parent = history.find(init.runId()).orElseThrow(() -> new TrainingFailed("initFrom: run "
                    + init.runId() + " no longer exists"));
            var weights = init.checkpoint() == InitFrom.Weights.BEST ? parent.getBestCheckpoint() : parent.getModel();
            return checkpoints.source(weights.orElseThrow(() -> new TrainingFailed("initFrom: run " + init.runId()
                    + " has no " + init.checkpoint().json() + " weights")));
        });
        return new TrainingJob.Control(cancellation, settings.checkpointEvery(), deadline, resume, initFrom);
    }

    private Result finish(Run run, int attempt, TrainingOutcome outcome, RunRecorder recorder) {
        UUID runId = run.getId();
        meters.runFinished(run.getTask().name(), switch (outcome.ending()) {
            case COMPLETED -> "succeeded";
            case CANCELLED -> "cancelled";
            case INTERRUPTED -> "requeued";
        });
        switch (outcome.ending()) {
            case COMPLETED -> {
                records.succeed(runId, attempt, recorder.model(), new Run.Completion(outcome.testMetrics(),
                        outcome.evaluation(), outcome.bestEpoch(), outcome.stoppedEpoch()));
                log.info("Run {} succeeded", runId);
            }
            case CANCELLED -> {
                history.acknowledgeCancel(runId, attempt);
                log.info("Run {} cancelled", runId);
            }
            case INTERRUPTED -> {
                Run now = history.get(runId);
                history.requeue(runId, attempt, instance.id() + " is stopping; back in the queue" + from(now));
                log.info("Run {} requeued: this instance is stopping", runId);
                return Result.REQUEUED;
            }
        }
        return Result.DONE;
    }
}
