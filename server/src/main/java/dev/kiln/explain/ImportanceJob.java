package dev.kiln.explain;

import dev.kiln.persistence.JsonColumn;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A permutation importance job: a run's columns shuffled on a dataset (or its validation split), the result kept. */
@Entity
@Table(name = "importance_jobs")
class ImportanceJob {
    @io.swagger.v3.oas.annotations.media.Schema(name = "ImportanceJobStatus", enumAsRef = true,
            description = "where an importance job stands")
    public enum Status { QUEUED, RUNNING, SUCCEEDED, FAILED }

    @Id
    private UUID id;
    private UUID projectId;
    private UUID runId;
    private @Nullable UUID datasetId;
    private String metric;
    private int repeats;
    private long seed;
    @Enumerated(EnumType.STRING)
    private Status status;
    @Convert(converter = ResultDocument.class)
    private PermutationImportance.@Nullable Result result;
    private @Nullable String error;
    private Instant createdAt;
    private @Nullable Instant finishedAt;

    protected ImportanceJob() {}

    ImportanceJob(UUID id, UUID projectId, UUID runId, @Nullable UUID datasetId, String metric, int repeats, long seed,
                  Instant now) {
        this.id = id;
        this.projectId = projectId;
        this.runId = runId;
        this.datasetId = datasetId;
        this.metric = metric;
        this.repeats = repeats;
        this.seed = seed;
        this.status = Status.QUEUED;
        this.createdAt = now;
    }

    void start() {
        if (status == Status.QUEUED || status == Status.RUNNING) {
            status = Status.RUNNING;
        }
    }

    void succeed(PermutationImportance.Result outcome, Instant now) {
        status = Status.SUCCEEDED;
        result = outcome;
        finishedAt = now;
    }

    void fail(String reason, Instant now) {
        status = Status.FAILED;
        error = reason.length() > 4000 ? reason.substring(0, 4000) : reason;
        finishedAt = now;
    }

    UUID id() {
        return id;
    }

    UUID projectId() {
        return projectId;
    }

    UUID runId() {
        return runId;
    }

    @Nullable UUID datasetId() {
        return datasetId;
    }

    String metric() {
        return metric;
    }

    int repeats() {
        return repeats;
    }

    long seed() {
        return seed;
    }

    Status status() {
        return status;
    }

    PermutationImportance.@Nullable Result result() {
        return result;
    }

    @Nullable String error() {
        return error;
    }

    Instant createdAt() {
        return createdAt;
    }

    @Nullable Instant finishedAt() {
        return finishedAt;
    }

    static class ResultDocument extends JsonColumn<PermutationImportance.Result> {
        ResultDocument() {
            super(new tools.jackson.core.type.TypeReference<>() {});
        }
    }
}
