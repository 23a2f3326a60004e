package dev.kiln.study;

/** Where a study is: waiting for its first trial, trialling, or done. */
@io.swagger.v3.oas.annotations.media.Schema(name = "StudyStatus", enumAsRef = true, description = "the lifecycle status of a study")
public enum StudyStatus {
    QUEUED, RUNNING, COMPLETED, CANCELLED, FAILED;

    public boolean isFinal() {
        return this == COMPLETED || this == CANCELLED || this == FAILED;
    }
}
