package dev.kiln.webhook;

import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.kiln.persistence.SideQueue;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Webhook deliveries' own queue: a {@link SideQueue} on table {@code webhook_tasks} with {@code kiln.webhooks.threads}
 * threads, so that deliveries never wait behind training runs and survive a restart. A delivery is queued in the
 * transaction that records its event; a failed attempt puts it back at its next attempt's time.
 */
@Component
class WebhookQueue extends SideQueue {
    static final String TASK = "deliver-webhook";
    static final String TABLE = "webhook_tasks";

    WebhookQueue(DataSource dataSource, ObjectProvider<Deliveries> deliveries, WebhookSettings settings,
                 Environment environment, Clock clock) {
        super(dataSource, Tasks.custom(TASK, Void.class).execute((instance, context) -> {
            Optional<Instant> retry = deliveries.getObject().attempt(UUID.fromString(instance.getId()));
            return retry.<CompletionHandler<Void>>map(at -> (complete, operations) -> operations.reschedule(complete,
                    at)).orElseGet(CompletionHandler.OnCompleteRemove::new);
        }), TABLE, settings.threads(), environment, clock);
    }

    /** Queues a delivery, in the caller's transaction. */
    void schedule(UUID deliveryId) {
        schedule(deliveryId.toString());
    }
}
