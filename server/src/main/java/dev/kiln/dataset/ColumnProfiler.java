package dev.kiln.dataset;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Accumulates one column's profile in a single pass: Welford's mean and variance, bounded distinct counts. */
final class ColumnProfiler {
    static final int LEVELS_LIMIT = ColumnProfile.LEVELS_LIMIT;

    private final String name;
    private final int distinctCap;
    private final Map<String, long[]> counts = new HashMap<>();
    private boolean capped;
    private long present;
    private long missing;
    private boolean numeric = true;
    private boolean integral = true;
    private double mean;
    private double m2;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private long characters;
    private long multiword;
    private long tokenized;
    private long tokens;
    private long mostTokens;
    private boolean vocabularyCapped;
    private final Map<String, long[]> vocabulary = new HashMap<>();
    /** Numeric values kept for the histogram when there are too many distinct ones to count (reservoir sampling). */
    private final double[] sample = new double[SAMPLE];
    private final java.util.Random sampling = new java.util.Random(42);
    private long sampled;
    static final int SAMPLE = 10_000;
    static final int BINS = 20;

    ColumnProfiler(String name, int distinctCap) {
        this.name = name;
        this.distinctCap = distinctCap;
    }

    void accept(String cell) {
        if (CellValues.isMissing(cell)) {
            missing++;
            return;
        }
        present++;
        long[] count = counts.get(cell);
        if (count != null) {
            count[0]++;
        } else if (counts.size() < distinctCap) {
            counts.put(cell, new long[] {1});
        } else {
            capped = true;
        }
        characters += cell.length();
        if (numeric) {
            double value = CellValues.parseNumber(cell);
            if (!Double.isNaN(value)) {
                integral &= value == Math.rint(value);
                double delta = value - mean;
                mean += delta / present;
                m2 += delta * (value - mean);
                min = Math.min(min, value);
                max = Math.max(max, value);
                keep(value);
                return;
            }
            numeric = false;
        }
        tokenize(cell);
    }

    /** Counts a non-numeric cell's tokens (lower case, punctuation removed, whitespace split). */
    private void tokenize(String cell) {
        List<String> cellTokens = Tokens.split(cell, true, true, false);
        tokenized++;
        tokens += cellTokens.size();
        mostTokens = Math.max(mostTokens, cellTokens.size());
        if (cellTokens.size() > 1) {
            multiword++;
        }
        for (String token : cellTokens) {
            long[] count = vocabulary.get(token);
            if (count != null) {
                count[0]++;
            } else if (vocabulary.size() < TextProfile.VOCABULARY_CAP) {
                vocabulary.put(token, new long[] {1});
            } else {
                vocabularyCapped = true;
            }
        }
    }

    /**
     * Free text rather than categories: at least ten values, mostly distinct, mostly several words, twenty characters
     * or more on average (a name or a code is none of these).
     */
    private boolean looksLikeText() {
        long distinct = capped ? Long.MAX_VALUE : counts.size();
        return tokenized >= 10 && tokenized * 10 >= present * 9 && distinct >= present / 2 && multiword * 2 >= tokenized
                && characters >= 20L * present && tokens >= 3L * tokenized;
    }

    private TextProfile textProfile(int topValues) {
        List<ValueCount> top = vocabulary.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<String, long[]> e) -> -e.getValue()[0])
                        .thenComparing(Map.Entry::getKey))
                .limit(Math.max(topValues, 20)).map(e -> new ValueCount(e.getKey(), e.getValue()[0])).toList();
        return new TextProfile((double) tokens / Math.max(1, tokenized), mostTokens,
                (double) characters / Math.max(1, present), vocabulary.size(), vocabularyCapped, top);
    }

    ColumnProfile finish(int topValues) {
        if (numeric && present > 0) {
            List<ValueCount> levels = numericLevels();
            double std = present > 1 ? Math.sqrt(m2 / (present - 1)) : 0.0;
            return new ColumnProfile(name, ColumnType.NUMERIC, missing, capped ? distinctCap : levels.size(), capped,
                    min, max, mean, std, integral, null,
                    !capped && levels.size() <= LEVELS_LIMIT ? levels : null, null, histogram(levels));
        }
        List<ValueCount> byFrequency = counts.entrySet().stream()
                .map(e -> new ValueCount(e.getKey(), e.getValue()[0]))
                .sorted(Comparator.comparingLong(ValueCount::count).reversed().thenComparing(ValueCount::value))
                .toList();
        List<ValueCount> levels = byFrequency.stream().sorted(Comparator.comparing(ValueCount::value)).toList();
        boolean text = looksLikeText();
        return new ColumnProfile(name, text ? ColumnType.TEXT : ColumnType.CATEGORICAL, missing, counts.size(), capped,
                null, null, null, null, null, byFrequency.subList(0, Math.min(topValues, byFrequency.size())),
                !text && !capped && levels.size() <= LEVELS_LIMIT ? levels : null, text ? textProfile(topValues) : null,
                null);
    }

    private void keep(double value) {
        sampled++;
        if (sampled <= SAMPLE) {
            sample[(int) sampled - 1] = value;
        } else {
            long slot = (long) (sampling.nextDouble() * sampled);
            if (slot < SAMPLE) {
                sample[(int) slot] = value;
            }
        }
    }

    /** {@value #BINS} equal-width bins from min to max: exact from the counted values, else from the sample. */
    private ColumnProfile.Histogram histogram(List<ValueCount> levels) {
        int bins = min == max ? 1 : BINS;
        double width = (max - min) / bins;
        long[] counts = new long[bins];
        if (!capped) {
            for (ValueCount level : levels) {
                counts[bin(CellValues.parseNumber(level.value()), bins, width)] += level.count();
            }
        } else {
            for (int i = 0; i < Math.min(sampled, SAMPLE); i++) {
                counts[bin(sample[i], bins, width)]++;
            }
        }
        List<Double> edges = new ArrayList<>(bins + 1);
        for (int i = 0; i <= bins; i++) {
            edges.add(i == bins ? max : min + i * width);
        }
        return new ColumnProfile.Histogram(edges, java.util.Arrays.stream(counts).boxed().toList(), capped);
    }

    private int bin(double value, int bins, double width) {
        return width == 0 ? 0 : (int) Math.min(bins - 1, Math.max(0, Math.floor((value - min) / width)));
    }

    /** Numeric spellings of one value ("1", "1.0") merged, ordered by value, named by their canonical label. */
    private List<ValueCount> numericLevels() {
        Map<Double, Long> merged = new TreeMap<>();
        counts.forEach((cell, count) -> merged.merge(CellValues.parseNumber(cell), count[0], Long::sum));
        List<ValueCount> levels = new ArrayList<>(merged.size());
        merged.forEach((value, count) -> levels.add(new ValueCount(CellValues.label(value), count)));
        return levels;
    }
}
