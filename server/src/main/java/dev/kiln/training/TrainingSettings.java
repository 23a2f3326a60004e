package dev.kiln.training;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param maxConcurrentRuns runs trained at once by this instance (the queue's worker threads); DJL's random
 *     seed is process-global, so only with 1 are runs bit-for-bit reproducible
 * @param cancelPollInterval how often a worker looks in the database for cancel requests made on other instances
 * @param threads intra-op threads of the engine per run; 0 (default) chooses from the model's work per batch
 *     (one thread for small models, every core for big ones); a run's {@code hyperparameters.threads} wins
 * @param checkpointEvery a running run writes a checkpoint after every this many epochs (and after its last)
 * @param maxAttempts a run whose worker is lost this many times ends FAILED instead of resuming again
 * @param shutdownGrace how long a stopping instance waits for its runs to checkpoint and go back to the queue
 * @param heartbeat how often a worker proves, in the database, that it is still training its runs
 * @param missedHeartbeats after this many missed heartbeats (at least 4) a worker counts as lost and its runs are resumed
 *     elsewhere (so a killed worker's run resumes after about {@code heartbeat × missedHeartbeats})
 * @param maxQueueTime runs still queued this long after submission end FAILED (default: they wait forever)
 */
@Validated
@ConfigurationProperties("kiln.training")
public record TrainingSettings(@DefaultValue("1") @Min(1) int maxConcurrentRuns,
                               @DefaultValue("1s") Duration cancelPollInterval,
                               @DefaultValue("0") @Min(0) int threads,
                               @DefaultValue("1") @Min(1) int checkpointEvery,
                               @DefaultValue("3") @Min(1) int maxAttempts,
                               @DefaultValue("30s") Duration shutdownGrace,
                               @DefaultValue("10s") Duration heartbeat,
                               @DefaultValue("6") @Min(4) int missedHeartbeats,
                               Duration maxQueueTime) {

    /** Settings with every default, for code that runs outside Spring (tests, benchmarks). */
    public static TrainingSettings defaults() {
        return new TrainingSettings(1, Duration.ofSeconds(1), 0, 1, 3, Duration.ofSeconds(30), Duration.ofSeconds(10),
                6, null);
    }
}
