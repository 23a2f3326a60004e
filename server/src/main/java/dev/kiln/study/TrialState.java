package dev.kiln.study;

import dev.kiln.run.RunStatus;

/** Where a trial is; a trial is a run, and its state follows the run's, except that a pruned run's trial is PRUNED. */
@io.swagger.v3.oas.annotations.media.Schema(name = "TrialState", enumAsRef = true, description = "the state of a study's trial")
public enum TrialState {
    QUEUED, RUNNING, SUCCEEDED, PRUNED, FAILED, CANCELLED;

    public boolean isFinal() {
        return this != QUEUED && this != RUNNING;
    }

    /** The state of a trial whose run is in {@code status}; {@code pruned} when the study stopped it. */
    public static TrialState of(RunStatus status, boolean pruned) {
        return switch (status) {
            case QUEUED -> QUEUED;
            case RUNNING -> RUNNING;
            case SUCCEEDED -> SUCCEEDED;
            case FAILED -> FAILED;
            case CANCELLED -> pruned ? PRUNED : CANCELLED;
        };
    }
}
