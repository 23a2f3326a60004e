package dev.kiln.inference;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * @param cacheSize trained networks kept loaded for predictions (least recently used evicted)
 * @param cacheMemory the most their parameters may take together
 * @param maxRows the most rows (or images) one predict request may send
 * @param maxImageSize the largest image file one predict request may send (413 above it)
 * @param scoringThreads batch scoring jobs this worker runs at once, beside (never instead of) its training runs
 * @param maxArtifactSize the most an imported artifact's parameters may expand to (413 above it)
 */
@Validated
@ConfigurationProperties("kiln.inference")
public record InferenceSettings(@DefaultValue("10") @Min(1) int cacheSize,
                         @DefaultValue("512MB") DataSize cacheMemory,
                         @DefaultValue("10000") @Min(1) int maxRows,
                         @DefaultValue("32MB") DataSize maxImageSize,
                         @DefaultValue("1") @Min(1) int scoringThreads,
                         @DefaultValue("1GB") DataSize maxArtifactSize) {}
