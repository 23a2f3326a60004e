package dev.kiln.run;

import dev.kiln.access.Tenancy;
import dev.kiln.domain.Conflict;
import dev.kiln.domain.NotFound;
import dev.kiln.storage.BlobStore;
import java.io.IOException;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes finished runs: the row with everything that hangs off it (status history, epoch rows, events, search
 * values, prediction jobs), then its blobs ({@code runs/{id}/}: checkpoints, the model, scoring results). A blob that
 * cannot be removed then is left to the storage sweep, which finds objects no row references.
 */
@Service
public class RunRemoval {
    private static final Logger log = LoggerFactory.getLogger(RunRemoval.class);

    private final RunRepository runs;
    private final BlobStore blobs;
    private final Tenancy tenancy;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    RunRemoval(RunRepository runs, BlobStore blobs, Tenancy tenancy, javax.sql.DataSource dataSource,
               PlatformTransactionManager transactionManager) {
        this.runs = runs;
        this.blobs = blobs;
        this.tenancy = tenancy;
        this.jdbc = new JdbcTemplate(dataSource);
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /** Deletes a finished run that is no study's trial (409 otherwise, saying what to do); a retraining may go. */
    public void delete(UUID id) {
        delete(id, false);
    }

    /** Deletes a finished run; {@code ofStudy}: the caller deletes the run's study, so a trial may go. */
    public void delete(UUID id, boolean ofStudy) {
        transactions.executeWithoutResult(status -> {
            Run run = runs.findForUpdate(id).filter(r -> tenancy.scope().allows(r.getProjectId()))
                    .orElseThrow(() -> new NotFound("run", id));
            if (!run.getStatus().isFinal()) {
                throw new Conflict("run " + id + " is " + run.getStatus() + ": cancel it first");
            }
            if (!ofStudy && run.getTrialNumber().isPresent()) {
                throw new Conflict("run " + id + " is trial " + run.getTrialNumber().get() + " of study "
                        + run.getStudyId().orElse(null) + ": delete the study (DELETE /api/v1/studies/"
                        + run.getStudyId().orElse(null) + ")");
            }
            Integer waiting = jdbc.queryForObject("select count(*) from runs where parent_run_id = ? and status in "
                    + "('QUEUED', 'RUNNING')", Integer.class, id);
            if (waiting != null && waiting > 0) {
                throw new Conflict("run " + id + " is the warm start of " + waiting + " unfinished run(s); delete it "
                        + "when they have started from it and finished");
            }
            runs.delete(run);
        });
        try {
            blobs.deleteAll("runs/" + id);
        } catch (IOException | RuntimeException e) {
            log.warn("Run {} deleted; its blobs stay until the storage sweep removes them: {}", id, e.toString());
        }
    }
}
