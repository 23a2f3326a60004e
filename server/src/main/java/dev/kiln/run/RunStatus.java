package dev.kiln.run;

/** Where a run is in its lifecycle. */
@io.swagger.v3.oas.annotations.media.Schema(name = "RunStatus", enumAsRef = true, description = "the lifecycle status of a run")
public enum RunStatus {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
