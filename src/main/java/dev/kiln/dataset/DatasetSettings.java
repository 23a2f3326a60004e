package dev.kiln.dataset;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * @param maxUploadSize the largest file accepted by an upload (413 above it)
 * @param previewMaxRows the most rows one preview request returns
 * @param topValues how many most-frequent values a categorical column's profile lists
 * @param distinctCap distinct values counted exactly per column while profiling (bounds the profiler's memory)
 */
@Validated
@ConfigurationProperties("kiln.datasets")
record DatasetSettings(@DefaultValue("1GB") DataSize maxUploadSize,
                       @DefaultValue("1000") @Min(1) @Max(100_000) int previewMaxRows,
                       @DefaultValue("10") @Min(1) @Max(1000) int topValues,
                       @DefaultValue("1000") @Min(ColumnProfiler.LEVELS_LIMIT) int distinctCap) {}
