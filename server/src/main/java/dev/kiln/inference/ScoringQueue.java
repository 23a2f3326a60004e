package dev.kiln.inference;

import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.kiln.persistence.SideQueue;
import java.time.Clock;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Batch scoring's own queue: a {@link SideQueue} on table {@code scoring_tasks} with
 * {@code kiln.inference.scoring-threads} threads, so that scoring jobs neither wait behind training runs for the
 * workers' training slots nor take them. Jobs are queued in the caller's transaction; workers take them, and a lost
 * worker's job is revived on another, as runs are.
 */
@Component
class ScoringQueue extends SideQueue {
    static final String TASK = "score-dataset";
    static final String TABLE = "scoring_tasks";

    ScoringQueue(DataSource dataSource, ObjectProvider<BatchScoring> scoring, InferenceSettings settings,
                 Environment environment, Clock clock) {
        super(dataSource, Tasks.oneTime(TASK).execute((instance, context) -> scoring.getObject()
                .score(UUID.fromString(instance.getId()))), TABLE, settings.scoringThreads(), environment, clock);
    }

    /** Queues a job, in the caller's transaction. */
    void schedule(UUID jobId) {
        schedule(jobId.toString());
    }
}
