package dev.kiln.access;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A project: a tenant. Its datasets, models, runs and jobs are invisible to other projects' keys. */
@Entity
@Table(name = "projects")
public class Project {
    /** The project that exists from the start; admin keys create resources there unless they name another. */
    public static final UUID DEFAULT = UUID.fromString("00000000-0000-0000-0000-000000000001");

    @Id
    private UUID id;
    private String name;
    private Instant createdAt;
    private Long maxStoredBytes;
    private Integer maxDatasets;
    private Integer maxConcurrentRuns;
    private Integer maxQueuedRuns;
    private Long predictionRowsPerMinute;

    protected Project() {}

    Project(UUID id, String name, Instant createdAt) {
        this.id = id;
        this.name = name;
        this.createdAt = createdAt;
    }

    void setQuotas(Quotas.Overrides quotas) {
        this.maxStoredBytes = quotas.maxStoredBytes();
        this.maxDatasets = quotas.maxDatasets();
        this.maxConcurrentRuns = quotas.maxConcurrentRuns();
        this.maxQueuedRuns = quotas.maxQueuedRuns();
        this.predictionRowsPerMinute = quotas.predictionRowsPerMinute();
    }

    /** This project's own limits; absent ones are the configured defaults. */
    Quotas.Overrides overrides() {
        return new Quotas.Overrides(maxStoredBytes, maxDatasets, maxConcurrentRuns, maxQueuedRuns,
                predictionRowsPerMinute);
    }

    public UUID getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    @Nullable
    Long getMaxStoredBytes() {
        return maxStoredBytes;
    }
}
