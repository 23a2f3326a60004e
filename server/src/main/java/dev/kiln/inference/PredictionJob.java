package dev.kiln.inference;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A batch scoring job: a run's model applied to every row of a dataset, the result a CSV blob. */
@Entity
@Table(name = "prediction_jobs")
class PredictionJob {
    @io.swagger.v3.oas.annotations.media.Schema(name = "PredictionJobStatus", enumAsRef = true,
            description = "where a scoring job stands")
    enum Status { QUEUED, RUNNING, SUCCEEDED, FAILED }

    @Id
    private UUID id;
    private UUID projectId;
    private UUID runId;
    private UUID datasetId;
    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    private Status status;
    private Long rowCount;
    private String resultKey;
    private String resultSha256;
    private String error;
    private Instant createdAt;
    private Instant finishedAt;
    @jakarta.persistence.Column(name = "top_k")
    private Integer topK;
    private Boolean excludeSeen;

    protected PredictionJob() {}

    PredictionJob(UUID id, UUID projectId, UUID runId, UUID datasetId, Instant now) {
        this(id, projectId, runId, datasetId, now, null, null);
    }

    /** A job; {@code topK} and {@code excludeSeen} for a recommender run's (each user's top k), else null. */
    PredictionJob(UUID id, UUID projectId, UUID runId, UUID datasetId, Instant now, Integer topK,
                  Boolean excludeSeen) {
        this.topK = topK;
        this.excludeSeen = excludeSeen;
        this.id = id;
        this.projectId = projectId;
        this.runId = runId;
        this.datasetId = datasetId;
        this.status = Status.QUEUED;
        this.createdAt = now;
    }

    void start() {
        status = Status.RUNNING;
    }

    void succeed(long rows, String key, String sha256, Instant now) {
        status = Status.SUCCEEDED;
        rowCount = rows;
        resultKey = key;
        resultSha256 = sha256;
        finishedAt = now;
    }

    void fail(String reason, Instant now) {
        status = Status.FAILED;
        error = reason.length() > 4000 ? reason.substring(0, 3999) : reason;
        finishedAt = now;
    }

    UUID id() {
        return id;
    }

    UUID runId() {
        return runId;
    }

    UUID datasetId() {
        return datasetId;
    }

    Status status() {
        return status;
    }

    Long rowCount() {
        return rowCount;
    }

    String resultKey() {
        return resultKey;
    }

    String resultSha256() {
        return resultSha256;
    }

    String error() {
        return error;
    }

    Instant createdAt() {
        return createdAt;
    }

    Instant finishedAt() {
        return finishedAt;
    }

    /** A recommender run's job: how many items per user; null for other jobs. */
    Integer topK() {
        return topK;
    }

    Boolean excludeSeen() {
        return excludeSeen;
    }
}
