package dev.kiln.training;

import dev.kiln.KilnInstance;
import dev.kiln.persistence.JsonColumn;
import dev.kiln.run.Run;
import dev.kiln.run.RunHistory;
import dev.kiln.run.RunStatus;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * Trains one queued run from start to end on the calling (queue) thread and records every step in the run's
 * history: RUNNING, one metrics row per epoch, then SUCCEEDED, FAILED with a reason, or CANCELLED.
 */
@Component
class RunWorker {
    private static final Logger log = LoggerFactory.getLogger(RunWorker.class);

    private final RunHistory history;
    private final JobPreparation preparation;
    private final TrainingEngine engine;
    private final ActiveRuns active;
    private final KilnInstance instance;

    RunWorker(RunHistory history, JobPreparation preparation, TrainingEngine engine, ActiveRuns active,
              KilnInstance instance) {
        this.history = history;
        this.preparation = preparation;
        this.engine = engine;
        this.active = active;
        this.instance = instance;
    }

    void train(UUID runId) {
        MDC.put("runId", runId.toString());
        try {
            Run run = history.find(runId).orElse(null);
            if (run == null || run.getStatus().isFinal()) {
                log.info("Run {} is {}; nothing to train", runId, run == null ? "gone" : run.getStatus());
                return;
            }
            if (run.getStatus() == RunStatus.RUNNING) {
                // the previous attempt's worker died; until checkpoints exist the run cannot be resumed
                history.fail(runId, "the worker training this run was lost after epoch " + run.getEpoch()
                        + "; picked up again by " + instance.id());
                return;
            }
            run = history.start(runId, "picked up by " + instance.id());
            trainStarted(run);
        } finally {
            MDC.remove("runId");
        }
    }

    private void trainStarted(Run run) {
        UUID runId = run.getId();
        Cancellation cancellation = active.register(runId);
        try {
            long start = System.nanoTime();
            var prepared = preparation.prepare(run, cancellation);
            log.info("Run {}: {} training rows × {} inputs prepared in {} ms", runId, prepared.job().train().rows(),
                    prepared.job().train().width(), (System.nanoTime() - start) / 1_000_000);
            tools.jackson.databind.JsonNode preprocessing = JsonColumn.mapper().valueToTree(prepared.pipeline());
            TrainingOutcome outcome = engine.train(prepared.job(), new TrainingListener() {
                @Override
                public void started(String device, int threads) {
                    history.recordSetup(runId, device, threads, preprocessing);
                }

                @Override
                public void epochEnded(EpochReport report) {
                    history.recordEpoch(runId, report.epoch(), report.durationMs(), report.samplesPerSecond(),
                            report.metrics());
                }
            });
            if (outcome.cancelled()) {
                history.acknowledgeCancel(runId);
                log.info("Run {} cancelled", runId);
            } else {
                history.succeed(runId, outcome.testMetrics());
                log.info("Run {} succeeded", runId);
            }
        } catch (TrainingFailed e) {
            log.info("Run {} failed: {}", runId, e.getMessage());
            history.fail(runId, e.getMessage());
        } catch (RuntimeException | Error e) {
            log.error("Run {} failed unexpectedly", runId, e);
            history.fail(runId, "internal error while training: " + e);
        } finally {
            active.unregister(runId);
        }
    }
}
