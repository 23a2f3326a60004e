package dev.kiln.training;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.kiln.run.RunHistory;
import dev.kiln.run.RunSubmitted;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The module's entry point: the queue of runs, kept by db-scheduler in the application's database so that
 * every instance shares it. A run is queued in the transaction that stores it, with its priority (higher
 * first, then oldest). Workers ({@code kiln.worker.enabled}) take runs and train them on their
 * {@code max-concurrent-runs} threads; db-scheduler's heartbeats reveal a lost worker, and its execution is then
 * revived on a live one, which resumes the run. An API-only instance only queues.
 */
@Configuration
@EnableConfigurationProperties(TrainingSettings.class)
public class TrainingQueue {
    static final String TASK = "train-run";
    private static final Logger log = LoggerFactory.getLogger(TrainingQueue.class);

    private final ObjectProvider<SchedulerClient> scheduler;
    private final Clock clock;

    TrainingQueue(ObjectProvider<SchedulerClient> scheduler, Clock clock) {
        this.scheduler = scheduler;
        this.clock = clock;
    }

    @Bean
    CustomTask<Void> trainRunTask(RunWorker worker) {
        return Tasks.custom(TASK, Void.class)
                .onDeadExecutionRevive()
                .execute((instance, context) -> switch (worker.train(UUID.fromString(instance.getId()))) {
                    case REQUEUED -> (complete, operations) -> operations.reschedule(complete, clock.instant());
                    case POSTPONED -> (complete, operations) -> operations.reschedule(complete,
                            clock.instant().plusSeconds(5));
                    case DONE -> new CompletionHandler.OnCompleteRemove<>();
                });
    }

    /** An API-only instance runs no scheduler but still queues runs, in the caller's transaction. */
    @Bean
    @ConditionalOnProperty(name = "kiln.worker.enabled", havingValue = "false")
    SchedulerClient queueClient(DataSource dataSource, List<Task<?>> tasks) {
        return SchedulerClient.Builder.create(new TransactionAwareDataSourceProxy(dataSource), tasks)
                .tableName("scheduled_tasks").enablePriority().build();
    }

    @EventListener
    void onSubmitted(RunSubmitted submitted) {
        SchedulerClient client = scheduler.getObject();
        var instance = new TaskInstance.Builder<Void>(TASK, submitted.runId().toString())
                .priority(submitted.priority()).build();
        client.scheduleIfNotExists(instance, clock.instant());
        if (TransactionSynchronizationManager.isSynchronizationActive() && client instanceof Scheduler local) {
            // the execution becomes visible at commit; look for it then rather than at the next poll
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    local.triggerCheckForDueExecutions();
                }
            });
        }
    }

    /** Fails runs that waited longer than {@code kiln.training.max-queue-time}, when that is set. */
    @Configuration
    @ConditionalOnProperty(name = "kiln.training.max-queue-time")
    static class QueueTimeLimit {
        private final RunHistory history;
        private final TrainingSettings settings;
        private final Clock clock;

        QueueTimeLimit(RunHistory history, TrainingSettings settings, Clock clock) {
            this.history = history;
            this.settings = settings;
            this.clock = clock;
        }

        @Scheduled(fixedDelayString = "${kiln.training.queue-time-check-interval:30s}")
        void failRunsQueuedTooLong() {
            var failed = history.failQueuedBefore(clock.instant().minus(settings.maxQueueTime()),
                    "still queued after " + settings.maxQueueTime() + " (kiln.training.max-queue-time)");
            if (!failed.isEmpty()) {
                log.info("Failed {} run(s) queued longer than {}", failed.size(), settings.maxQueueTime());
            }
        }
    }
}
