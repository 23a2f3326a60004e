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
 */
@Validated
@ConfigurationProperties("kiln.training")
public record TrainingSettings(@DefaultValue("1") @Min(1) int maxConcurrentRuns,
                               @DefaultValue("1s") Duration cancelPollInterval,
                               @DefaultValue("0") @Min(0) int threads) {}
