package dev.kiln.training;

import dev.kiln.run.RunCancelRequested;
import dev.kiln.run.RunHistory;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The runs this instance is training, each with its cancellation flag. A cancel request made here raises the
 * flag at once; one made on another instance is found by polling the database.
 */
@Component
class ActiveRuns {
    private final Map<UUID, Cancellation> active = new ConcurrentHashMap<>();
    private final RunHistory history;

    ActiveRuns(RunHistory history) {
        this.history = history;
    }

    Cancellation register(UUID runId) {
        Cancellation cancellation = new Cancellation();
        active.put(runId, cancellation);
        return cancellation;
    }

    void unregister(UUID runId) {
        active.remove(runId);
    }

    Set<UUID> ids() {
        return Set.copyOf(active.keySet());
    }

    @EventListener
    void onCancelRequested(RunCancelRequested event) {
        raise(event.runId());
    }

    @Scheduled(fixedDelayString = "${kiln.training.cancel-poll-interval:1s}")
    void pollCancelRequests() {
        if (!active.isEmpty()) {
            history.cancelRequested(active.keySet()).forEach(this::raise);
        }
    }

    private void raise(UUID runId) {
        Cancellation cancellation = active.get(runId);
        if (cancellation != null) {
            cancellation.raise();
        }
    }
}
