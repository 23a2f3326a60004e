package dev.kiln.access;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * What a project may use unless the project sets its own limits ({@code PATCH /projects/{id}}).
 *
 * @param maxStoredBytes the uploaded datasets' size, together (422 on the upload that would exceed it)
 * @param maxDatasets datasets stored at once (422 above)
 * @param maxConcurrentRuns runs of the project trained at once, over every worker (more wait in the queue)
 * @param maxQueuedRuns runs waiting in the queue at once (429 above)
 * @param predictionRowsPerMinute rows (or images) predicted per minute, a token bucket (429 with Retry-After above)
 */
@Validated
@ConfigurationProperties("kiln.quotas")
public record QuotaSettings(@DefaultValue("20GB") DataSize maxStoredBytes,
                            @DefaultValue("1000") @Min(1) int maxDatasets,
                            @DefaultValue("4") @Min(1) int maxConcurrentRuns,
                            @DefaultValue("200") @Min(1) int maxQueuedRuns,
                            @DefaultValue("600000") @Min(1) long predictionRowsPerMinute) {}
