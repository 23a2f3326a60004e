package dev.kiln.webhook;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param allowPrivateTargets whether webhooks may point at private, loopback and link-local addresses (off: a
 *                            caller cannot make Kiln reach its own network)
 * @param maxAttempts attempts per delivery before it is given up (failed)
 * @param initialBackoff the wait before the second attempt; it doubles for each further one
 * @param maxBackoff the longest wait between attempts
 * @param timeout how long one attempt may take (connect and answer)
 * @param threads deliveries this worker sends at once, on threads of their own
 */
@Validated
@ConfigurationProperties("kiln.webhooks")
record WebhookSettings(@DefaultValue("false") boolean allowPrivateTargets,
                       @DefaultValue("8") @Min(1) @Max(50) int maxAttempts,
                       @DefaultValue("10s") Duration initialBackoff,
                       @DefaultValue("1h") Duration maxBackoff,
                       @DefaultValue("10s") Duration timeout,
                       @DefaultValue("2") @Min(1) int threads) {
    /** The wait after attempt {@code attempt} (1, 2, …) failed. */
    Duration backoff(int attempt) {
        Duration wait = initialBackoff.multipliedBy(1L << Math.min(attempt - 1, 30));
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }
}
