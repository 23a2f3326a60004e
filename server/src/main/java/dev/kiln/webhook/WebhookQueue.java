package dev.kiln.webhook;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Webhook deliveries' own queue: db-scheduler on its own table ({@code webhook_tasks}) with its own threads
 * ({@code kiln.webhooks.threads}), so that deliveries never wait behind training runs and survive a restart. A
 * delivery is queued in the transaction that records its event; a failed attempt puts it back at its next attempt's
 * time. Workers ({@code kiln.worker.enabled}) send them.
 */
@Component
class WebhookQueue implements SmartLifecycle {
    static final String TASK = "deliver-webhook";
    static final String TABLE = "webhook_tasks";

    private final CustomTask<Void> task;
    private final SchedulerClient client;
    private final DataSource dataSource;
    private final WebhookSettings settings;
    private final boolean worker;
    private final Duration heartbeat;
    private final Clock clock;
    private volatile Scheduler scheduler;

    WebhookQueue(DataSource dataSource, ObjectProvider<Deliveries> deliveries, WebhookSettings settings,
                 Environment environment, Clock clock) {
        this.task = Tasks.custom(TASK, Void.class).execute((instance, context) -> {
            Optional<Instant> retry = deliveries.getObject().attempt(UUID.fromString(instance.getId()));
            return retry.<CompletionHandler<Void>>map(at -> (complete, operations) -> operations.reschedule(complete,
                    at)).orElseGet(CompletionHandler.OnCompleteRemove::new);
        });
        this.dataSource = dataSource;
        this.settings = settings;
        this.clock = clock;
        this.worker = environment.getProperty("kiln.worker.enabled", Boolean.class, true);
        this.heartbeat = environment.getProperty("kiln.training.heartbeat", Duration.class, Duration.ofSeconds(10));
        this.client = SchedulerClient.Builder.create(new TransactionAwareDataSourceProxy(dataSource), List.of(task))
                .tableName(TABLE).build();
    }

    /** Queues a delivery, in the caller's transaction. */
    void schedule(UUID deliveryId) {
        client.scheduleIfNotExists(new TaskInstance<>(TASK, deliveryId.toString()), clock.instant());
        Scheduler local = scheduler;
        if (local != null && TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    local.triggerCheckForDueExecutions();
                }
            });
        }
    }

    @Override
    public void start() {
        if (worker && scheduler == null) {
            scheduler = Scheduler.create(dataSource, List.of(task)).tableName(TABLE).threads(settings.threads())
                    .pollingInterval(Duration.ofSeconds(1)).heartbeatInterval(heartbeat).enableImmediateExecution()
                    .build();
            scheduler.start();
        }
    }

    @Override
    public void stop() {
        Scheduler running = scheduler;
        scheduler = null;
        if (running != null) {
            running.stop();
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }
}
