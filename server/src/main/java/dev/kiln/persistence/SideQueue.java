package dev.kiln.persistence;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A queue of its own beside the training queue: db-scheduler on its own table with its own threads, so that its
 * work never waits behind training runs nor takes their slots. Work is queued in the caller's transaction and
 * looked for as soon as that commits; workers ({@code kiln.worker.enabled}) run it, and a lost worker's work is
 * revived on another. A queue is a component that extends this one; it starts and stops with the application.
 */
public abstract class SideQueue implements org.springframework.context.SmartLifecycle {
    private final Task<Void> task;
    private final String table;
    private final int threads;
    private final SchedulerClient client;
    private final DataSource dataSource;
    private final boolean worker;
    private final Duration heartbeat;
    private final Clock clock;
    private volatile Scheduler scheduler;

    protected SideQueue(DataSource dataSource, Task<Void> task, String table, int threads, Environment environment,
                     Clock clock) {
        this.task = task;
        this.table = table;
        this.threads = threads;
        this.dataSource = dataSource;
        this.clock = clock;
        this.worker = environment.getProperty("kiln.worker.enabled", Boolean.class, true);
        this.heartbeat = environment.getProperty("kiln.training.heartbeat", Duration.class, Duration.ofSeconds(10));
        this.client = SchedulerClient.Builder.create(new TransactionAwareDataSourceProxy(dataSource), List.of(task))
                .tableName(table).build();
    }

    /** Queues the work named {@code id}, in the caller's transaction. */
    protected void schedule(String id) {
        client.scheduleIfNotExists(new TaskInstance<>(task.getName(), id), clock.instant());
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
            scheduler = Scheduler.create(dataSource, List.of(task)).tableName(table).threads(threads)
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
