package dev.kiln.run;

import dev.kiln.domain.NotFound;
import dev.kiln.run.RunActivity.CheckpointRecorded.Kind;
import dev.kiln.run.search.RunIndex;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * How {@link RunHistory} changes a run: in one short transaction on the run's locked row, retried when it loses a
 * race anyway; its status changes (and any further activities) announced in that transaction, and its search index
 * refreshed.
 */
final class RunWrites {
    private static final int ATTEMPTS = 5;

    private final RunRepository runs;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final RunIndex index;

    RunWrites(RunRepository runs, TransactionTemplate transactions, ApplicationEventPublisher events, RunIndex index) {
        this.runs = runs;
        this.transactions = transactions;
        this.events = events;
        this.index = index;
    }

    /**
     * Applies {@code change}; {@code activities}, then its status changes, are announced in its transaction (a model
     * recorded with a run's success comes before the SUCCEEDED that ends the run's events).
     */
    Run update(UUID id, Consumer<Run> change, RunActivity... activities) {
        return retrying(() -> transactions.execute(status -> {
            Run run = runs.findForUpdate(id).orElseThrow(() -> new NotFound("run", id));
            int known = run.getHistory().size();
            change.accept(run);
            Run saved = runs.saveAndFlush(run);
            for (RunActivity activity : activities) {
                events.publishEvent(activity);
            }
            return announce(saved, known);
        }));
    }

    /**
     * Announces the status changes after the first {@code known} of the run's history and refreshes its search index
     * (the run is flushed, the transaction open).
     */
    Run announce(Run run, int known) {
        index.refresh(run);
        List<RunStatusChange> changes = run.getHistory();
        for (RunStatusChange c : changes.subList(known, changes.size())) {
            events.publishEvent(new RunActivity.StatusChanged(run.getId(), c.getStatus(), c.getAt(), c.getInstance(),
                    c.getReason()));
        }
        return run;
    }

    static RunActivity checkpoint(UUID id, Kind kind, CheckpointRef ref) {
        return new RunActivity.CheckpointRecorded(id, kind, ref.epoch(), ref.batch(), ref.sha256());
    }

    static <T> T retrying(java.util.function.Supplier<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return work.get();
            } catch (ObjectOptimisticLockingFailureException e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    static void retrying(Runnable work) {
        retrying(() -> {
            work.run();
            return null;
        });
    }
}
