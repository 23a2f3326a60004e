package dev.kiln.dataset;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What an image upload held, as stored: every image at {@code height × width} with {@code channels} channels.
 *
 * @param source {@code image-folders} (a ZIP of class folders) or {@code idx} (an IDX pair)
 * @param classes every class with its image count, in class-index order (numeric names numerically, others
 *     alphabetically; for IDX, by label value)
 * @param mean per channel, the mean pixel value scaled to [0, 1]
 * @param std per channel, the (population) standard deviation of the scaled pixel values
 * @param sourceSizes the sizes the images had before resizing, most common first (at most 10)
 * @param skipped files that were not used and why (at most {@code kiln.datasets.images.listed-skips})
 * @param skippedCount how many files were not used in all
 * @param ignored hidden and system entries passed over without a report ({@code __MACOSX/}, {@code .DS_Store})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImageProfile(String source, int height, int width, int channels, ColorMode colorMode,
                           List<ValueCount> classes, List<Double> mean, List<Double> std,
                           List<SourceSize> sourceSizes, long skippedCount, List<Skipped> skipped, long ignored) {

    public ImageShape shape() {
        return new ImageShape(channels, height, width);
    }

    public List<String> classNames() {
        return classes.stream().map(ValueCount::value).toList();
    }

    /** Images of one original size. */
    public record SourceSize(int height, int width, long count) {}

    /** A file that was not used: its path in the upload and the reason. */
    public record Skipped(String file, String reason) {}
}
