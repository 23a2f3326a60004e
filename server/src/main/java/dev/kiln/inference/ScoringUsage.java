package dev.kiln.inference;

import dev.kiln.dataset.DatasetUsage;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** A dataset a queued or running scoring job reads cannot be deleted under it. */
@Component
class ScoringUsage implements DatasetUsage {
    private final PredictionJobRepository jobs;

    ScoringUsage(PredictionJobRepository jobs) {
        this.jobs = jobs;
    }

    @Override
    public Optional<String> blockingUse(UUID datasetId) {
        List<PredictionJob> active = jobs.findByDatasetIdAndStatusIn(datasetId,
                List.of(PredictionJob.Status.QUEUED, PredictionJob.Status.RUNNING));
        return active.stream().findFirst().map(job -> "scoring job " + job.id() + " of run " + job.runId() + " is "
                + job.status() + (active.size() > 1 ? " (and " + (active.size() - 1) + " more)" : ""));
    }
}
