package dev.kiln.explain;

import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.kiln.inference.InferenceSettings;
import dev.kiln.persistence.SideQueue;
import java.time.Clock;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Permutation importance's own queue: a {@link SideQueue} on table {@code importance_tasks} with as many threads as
 * batch scoring has ({@code kiln.inference.scoring-threads}), so that importance jobs neither wait behind training
 * runs nor take their slots; a lost worker's job is revived on another.
 */
@Component
class ImportanceQueue extends SideQueue {
    static final String TASK = "permutation-importance";

    ImportanceQueue(DataSource dataSource, ObjectProvider<Importance> importance, InferenceSettings settings,
                    Environment environment, Clock clock) {
        super(dataSource, Tasks.oneTime(TASK).execute((instance, context) -> importance.getObject()
                .compute(UUID.fromString(instance.getId()))), "importance_tasks", settings.scoringThreads(),
                environment, clock);
    }

    void schedule(UUID jobId) {
        schedule(jobId.toString());
    }
}
