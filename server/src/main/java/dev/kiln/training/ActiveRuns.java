package dev.kiln.training;

import dev.kiln.run.RunCancelRequested;
import dev.kiln.run.RunHistory;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The runs this instance is training, each with its stop flag. A cancel request made here raises the flag at
 * once; one made on another instance is found by polling the database. When the instance stops (SIGTERM), every
 * run is interrupted first — before the queue stops — so that each finishes its batch, checkpoints and goes
 * back to the queue within the shutdown grace.
 */
@Component
class ActiveRuns implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(ActiveRuns.class);

    private final Map<UUID, Cancellation> active = new ConcurrentHashMap<>();
    private final RunHistory history;
    private volatile boolean running;
    private volatile boolean stopping;

    ActiveRuns(RunHistory history) {
        this.history = history;
    }

    Cancellation register(UUID runId) {
        Cancellation cancellation = new Cancellation();
        if (stopping) {
            cancellation.interrupt();
        }
        active.put(runId, cancellation);
        return cancellation;
    }

    /** Whether this instance is stopping: it starts no more runs. */
    boolean stopping() {
        return stopping;
    }

    void unregister(UUID runId) {
        active.remove(runId);
    }

    Set<UUID> ids() {
        return Set.copyOf(active.keySet());
    }

    @EventListener
    void onCancelRequested(RunCancelRequested event) {
        Cancellation cancellation = active.get(event.runId());
        if (cancellation != null) {
            cancellation.raise();
        }
    }

    @Scheduled(fixedDelayString = "${kiln.training.cancel-poll-interval:1s}")
    void pollCancelRequests() {
        if (!active.isEmpty()) {
            history.cancelRequested(active.keySet()).forEach(id -> onCancelRequested(new RunCancelRequested(id)));
        }
    }

    /** (Also called again after a stop that did not end the application, as Spring's test contexts do.) */
    @Override
    public void start() {
        stopping = false;
        running = true;
    }

    @Override
    public void stop() {
        stopping = true;
        if (!active.isEmpty()) {
            log.info("Stopping: interrupting {} run(s) so that they checkpoint and go back to the queue", active.size());
        }
        active.values().forEach(Cancellation::interrupt);
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops before everything else (the web server, the queue), so runs get the whole grace period. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1;
    }
}
