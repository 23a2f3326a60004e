package dev.kiln.dataset;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** What reading an image upload produced: the stored set's index and what the profile reports about the files. */
final class ImageUpload {
    private final String source;
    private final int listedSkips;
    private final List<ImageProfile.Skipped> skipped = new ArrayList<>();
    private final Map<String, long[]> sizes = new LinkedHashMap<>();
    private long skippedCount;
    private long ignored;

    ImageUpload(String source, int listedSkips) {
        this.source = source;
        this.listedSkips = listedSkips;
    }

    void skip(String file, String reason) {
        skippedCount++;
        if (skipped.size() < listedSkips) {
            skipped.add(new ImageProfile.Skipped(file, reason));
        }
    }

    void ignore() {
        ignored++;
    }

    long skippedCount() {
        return skippedCount;
    }

    List<ImageProfile.Skipped> skipped() {
        return skipped;
    }

    /** Counts one image of its original size. */
    void sized(int height, int width) {
        sized(height, width, 1);
    }

    void sized(int height, int width, long images) {
        sizes.computeIfAbsent(height + "x" + width, k -> new long[] {height, width, 0})[2] += images;
    }

    /** The most common original size (height, width); ties go to the size seen first. */
    int[] commonSize() {
        long[] best = sizes.values().stream().reduce((a, b) -> b[2] > a[2] ? b : a).orElseThrow();
        return new int[] {(int) best[0], (int) best[1]};
    }

    ImageProfile profile(ImageSetFile.Index index) {
        List<ValueCount> classes = IntStream.range(0, index.classes().size())
                .mapToObj(i -> new ValueCount(index.classes().get(i), index.classCounts()[i])).toList();
        List<ImageProfile.SourceSize> sourceSizes = sizes.values().stream()
                .sorted(Comparator.comparingLong((long[] s) -> -s[2]))
                .limit(10).map(s -> new ImageProfile.SourceSize((int) s[0], (int) s[1], s[2])).toList();
        ImageShape shape = index.shape();
        return new ImageProfile(source, shape.height(), shape.width(), shape.channels(), shape.colorMode(), classes,
                rounded(index.mean()), rounded(index.std()), sourceSizes, skippedCount, List.copyOf(skipped), ignored);
    }

    private static List<Double> rounded(double[] values) {
        return java.util.Arrays.stream(values).map(v -> Math.round(v * 1e6) / 1e6).boxed().toList();
    }
}
