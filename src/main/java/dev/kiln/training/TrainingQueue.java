package dev.kiln.training;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.kiln.run.RunSubmitted;
import java.time.Clock;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The module's entry point: the queue of runs, kept by db-scheduler in the application's database so that
 * every instance shares it. A run is queued in the transaction that stores it; the instance that picks it up
 * trains it on one of its {@code max-concurrent-runs} worker threads.
 */
@Configuration
@EnableConfigurationProperties(TrainingSettings.class)
public class TrainingQueue {
    static final String TASK = "train-run";

    private final ObjectProvider<SchedulerClient> scheduler;
    private final Clock clock;

    TrainingQueue(ObjectProvider<SchedulerClient> scheduler, Clock clock) {
        this.scheduler = scheduler;
        this.clock = clock;
    }

    @Bean
    OneTimeTask<Void> trainRunTask(RunWorker worker) {
        return Tasks.oneTime(TASK).execute((instance, context) -> worker.train(UUID.fromString(instance.getId())));
    }

    @EventListener
    void onSubmitted(RunSubmitted submitted) {
        SchedulerClient client = scheduler.getObject();
        var instance = new com.github.kagkarlsson.scheduler.task.TaskInstance.Builder<Void>(TASK,
                submitted.runId().toString()).priority(submitted.priority()).build();
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
}
