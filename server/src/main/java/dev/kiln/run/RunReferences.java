package dev.kiln.run;

import dev.kiln.dataset.DatasetUsage;
import dev.kiln.model.ModelUsage;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Datasets and models stay deletable once no queued or running run needs them; finished runs keep their ids. */
@Component
class RunReferences implements DatasetUsage, ModelUsage {
    private static final EnumSet<RunStatus> ACTIVE = EnumSet.of(RunStatus.QUEUED, RunStatus.RUNNING);

    private final RunRepository runs;

    RunReferences(RunRepository runs) {
        this.runs = runs;
    }

    @Override
    public Optional<String> blockingUse(UUID id) {
        return describe(runs.findByDatasetInStatus(id, ACTIVE));
    }

    @Override
    public Optional<String> blockingModelUse(UUID modelId) {
        return describe(runs.findByModelIdAndStatusIn(modelId, ACTIVE));
    }

    private static Optional<String> describe(List<Run> active) {
        return active.stream().findFirst().map(run -> "run " + run.getId() + " is " + run.getStatus()
                + (active.size() > 1 ? " (and " + (active.size() - 1) + " more)" : ""));
    }
}
