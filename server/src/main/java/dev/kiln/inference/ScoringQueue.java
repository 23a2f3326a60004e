package dev.kiln.inference;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.stereotype.Component;

/**
 * Batch scoring's own queue: db-scheduler on its own table ({@code scoring_tasks}) with its own threads
 * ({@code kiln.inference.scoring-threads}), so that scoring jobs neither wait behind training runs for the workers'
 * training slots nor take them. Jobs are queued in the caller's transaction; workers ({@code kiln.worker.enabled})
 * take them, and a lost worker's job is revived on another, as runs are.
 */
@Component
class ScoringQueue implements SmartLifecycle {
    static final String TASK = "score-dataset";
    static final String TABLE = "scoring_tasks";

    private final OneTimeTask<Void> task;
    private final SchedulerClient client;
    private final DataSource dataSource;
    private final InferenceSettings settings;
    private final boolean worker;
    private final Duration heartbeat;
    private final Clock clock;
    private volatile Scheduler scheduler;

    ScoringQueue(DataSource dataSource, ObjectProvider<BatchScoring> scoring, InferenceSettings settings,
                 Environment environment, Clock clock) {
        this.task = Tasks.oneTime(TASK).execute((instance, context) -> scoring.getObject()
                .score(UUID.fromString(instance.getId())));
        this.dataSource = dataSource;
        this.settings = settings;
        this.clock = clock;
        this.worker = environment.getProperty("kiln.worker.enabled", Boolean.class, true);
        this.heartbeat = environment.getProperty("kiln.training.heartbeat", Duration.class, Duration.ofSeconds(10));
        this.client = SchedulerClient.Builder.create(new TransactionAwareDataSourceProxy(dataSource), List.of(task))
                .tableName(TABLE).build();
    }

    /** Queues a job, in the caller's transaction. */
    void schedule(UUID jobId) {
        client.scheduleIfNotExists(new TaskInstance<>(TASK, jobId.toString()), clock.instant());
        Scheduler local = scheduler;
        if (local != null) {
            org.springframework.transaction.support.TransactionSynchronizationManager.registerSynchronization(
                    new org.springframework.transaction.support.TransactionSynchronization() {
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
            scheduler = Scheduler.create(dataSource, List.of(task)).tableName(TABLE).threads(settings.scoringThreads())
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
