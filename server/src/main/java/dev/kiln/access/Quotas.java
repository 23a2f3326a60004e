package dev.kiln.access;

import dev.kiln.domain.TooManyRequests;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Service;

/**
 * Each project's limits — its own where it sets them, the configured defaults otherwise — and the token buckets of
 * its prediction rate (Bucket4j, per instance). The modules that own the data count against the limits.
 */
@Service
@EnableConfigurationProperties(QuotaSettings.class)
public class Quotas {
    private final QuotaSettings defaults;
    private final ProjectRepository projects;
    private final Map<UUID, Limited> predictionBuckets = new ConcurrentHashMap<>();

    /** A bucket and the per-minute limit it was built for (rebuilt when the limit changes). */
    private record Limited(long perMinute, Bucket bucket) {}

    Quotas(QuotaSettings defaults, ProjectRepository projects) {
        this.defaults = defaults;
        this.projects = projects;
    }

    /** A project's own limits; absent ones are the configured defaults. */
    @Schema(description = "A project's own limits; absent ones are the configured defaults")
    public record Overrides(@Schema(description = "bytes of datasets stored at once") @Min(1) @Nullable Long maxStoredBytes,
                            @Schema(description = "datasets stored at once") @Min(1) @Nullable Integer maxDatasets,
                            @Schema(description = "runs trained at once") @Min(1) @Nullable Integer maxConcurrentRuns,
                            @Schema(description = "runs waiting in the queue at once") @Min(1) @Nullable
                            Integer maxQueuedRuns,
                            @Schema(description = "rows predicted per minute") @Min(1) @Nullable
                            Long predictionRowsPerMinute) {}

    /** The limits in effect for a project. */
    public record Limits(long maxStoredBytes, int maxDatasets, int maxConcurrentRuns, int maxQueuedRuns,
                         long predictionRowsPerMinute) {}

    public Limits of(UUID projectId) {
        Overrides own = projects.findById(projectId).map(Project::overrides)
                .orElse(new Overrides(null, null, null, null, null));
        return new Limits(own.maxStoredBytes() != null ? own.maxStoredBytes() : defaults.maxStoredBytes().toBytes(),
                own.maxDatasets() != null ? own.maxDatasets() : defaults.maxDatasets(),
                own.maxConcurrentRuns() != null ? own.maxConcurrentRuns() : defaults.maxConcurrentRuns(),
                own.maxQueuedRuns() != null ? own.maxQueuedRuns() : defaults.maxQueuedRuns(),
                own.predictionRowsPerMinute() != null ? own.predictionRowsPerMinute()
                        : defaults.predictionRowsPerMinute());
    }

    /** Takes {@code rows} from the project's prediction bucket, or refuses with 429 saying when to try again. */
    public void consumePredictionRows(UUID projectId, int rows) {
        long perMinute = of(projectId).predictionRowsPerMinute();
        Bucket bucket = predictionBuckets.compute(projectId, (id, existing) -> existing != null
                && existing.perMinute() == perMinute ? existing : new Limited(perMinute, Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1))
                        .build()).build())).bucket();
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(Math.min(rows, perMinute));
        if (!probe.isConsumed()) {
            Duration wait = Duration.ofNanos(probe.getNanosToWaitForRefill());
            throw new TooManyRequests("the project may predict " + perMinute + " rows per minute "
                    + "(kiln.quotas.prediction-rows-per-minute); try again in " + Math.max(1, wait.toSeconds())
                    + " s", wait);
        }
    }

    /** Forgets a project's bucket (its limit changed). */
    void reset(UUID projectId) {
        predictionBuckets.remove(projectId);
    }
}
