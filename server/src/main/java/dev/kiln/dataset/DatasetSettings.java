package dev.kiln.dataset;

import jakarta.validation.Valid;
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
 * @param images limits on image uploads (ZIP archives of class folders, IDX files)
 * @param tableCacheSize the bytes of decoded tables an instance keeps for the next run on the same data (at most an
 *     eighth of the heap); 0 turns it off
 */
@Validated
@ConfigurationProperties("kiln.datasets")
record DatasetSettings(@DefaultValue("1GB") DataSize maxUploadSize,
                       @DefaultValue("1000") @Min(1) @Max(100_000) int previewMaxRows,
                       @DefaultValue("10") @Min(1) @Max(1000) int topValues,
                       @DefaultValue("1000") @Min(ColumnProfiler.LEVELS_LIMIT) int distinctCap,
                       @DefaultValue @Valid Images images,
                       @DefaultValue("256MB") DataSize tableCacheSize) {

    /**
     * What an image upload may hold; an archive over a limit is refused before anything is decoded.
     *
     * @param maxEntries entries (files and folders) one ZIP archive may list (422 above it)
     * @param maxUncompressedSize the most bytes all entries of a ZIP archive may expand to (413 above it)
     * @param maxCompressionRatio how much larger than its compressed form an entry of over 64 KiB may be (422)
     * @param maxFileSize the largest single image file; larger ones are skipped and reported
     * @param maxPixelsPerImage the most pixels an image's header may claim; larger ones are skipped and reported
     * @param maxDecodedSize the most bytes the decoded images may take (count × channels × height × width, 413)
     * @param listedSkips how many skipped files a profile names (all are counted)
     */
    record Images(@DefaultValue("100000") @Min(1) int maxEntries,
                  @DefaultValue("4GB") DataSize maxUncompressedSize,
                  @DefaultValue("100") @Min(2) int maxCompressionRatio,
                  @DefaultValue("32MB") DataSize maxFileSize,
                  @DefaultValue("50000000") @Min(1) long maxPixelsPerImage,
                  @DefaultValue("1500MB") DataSize maxDecodedSize,
                  @DefaultValue("100") @Min(0) @Max(10_000) int listedSkips) {}
}
