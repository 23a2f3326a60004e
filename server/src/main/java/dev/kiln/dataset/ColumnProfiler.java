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
        if (numeric) {
            double value = CellValues.parseNumber(cell);
            if (Double.isNaN(value)) {
                numeric = false;
                return;
            }
            integral &= value == Math.rint(value);
            double delta = value - mean;
            mean += delta / present;
            m2 += delta * (value - mean);
            min = Math.min(min, value);
            max = Math.max(max, value);
        }
    }

    ColumnProfile finish(int topValues) {
        if (numeric && present > 0) {
            List<ValueCount> levels = numericLevels();
            double std = present > 1 ? Math.sqrt(m2 / (present - 1)) : 0.0;
            return new ColumnProfile(name, ColumnType.NUMERIC, missing, capped ? distinctCap : levels.size(), capped,
                    min, max, mean, std, integral, null,
                    !capped && levels.size() <= LEVELS_LIMIT ? levels : null);
        }
        List<ValueCount> byFrequency = counts.entrySet().stream()
                .map(e -> new ValueCount(e.getKey(), e.getValue()[0]))
                .sorted(Comparator.comparingLong(ValueCount::count).reversed().thenComparing(ValueCount::value))
                .toList();
        List<ValueCount> levels = byFrequency.stream().sorted(Comparator.comparing(ValueCount::value)).toList();
        return new ColumnProfile(name, ColumnType.CATEGORICAL, missing, counts.size(), capped,
                null, null, null, null, null, byFrequency.subList(0, Math.min(topValues, byFrequency.size())),
                !capped && levels.size() <= LEVELS_LIMIT ? levels : null);
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
