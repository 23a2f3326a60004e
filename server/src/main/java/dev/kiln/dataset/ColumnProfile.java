package dev.kiln.dataset;

import org.jspecify.annotations.Nullable;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Optional;

/**
 * What the upload found in one column.
 *
 * @param distinct distinct present values, exact up to the profiler's cap
 * @param distinctCapped true when there are more distinct values than the cap (then {@code distinct} is the cap)
 * @param integral numeric columns: every present value is a whole number
 * @param std numeric columns: sample standard deviation (n - 1)
 * @param histogram numeric columns: counts in equal-width bins from min to max (exact, or from a sample of the column
 *     when it has more distinct values than the profiler counts)
 * @param topValues categorical columns: the most frequent values, most frequent first
 * @param values every distinct value with its count, when there are at most {@link #LEVELS_LIMIT}
 *     (this is what classification targets are checked against)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ColumnProfile(String name, ColumnType type, long missing, long distinct, boolean distinctCapped,
                            @Nullable Double min, @Nullable Double max, @Nullable Double mean, @Nullable Double std,
                            @Nullable Boolean integral, @Nullable List<ValueCount> topValues,
                            @Nullable List<ValueCount> values, @Nullable TextProfile text,
                            @Nullable Histogram histogram) {

    /** Counts of a numeric column's values in bins: {@code edges} has one more entry than {@code counts}. */
    public record Histogram(List<Double> edges, List<Long> counts, boolean sampled) {}

    public ColumnProfile(String name, ColumnType type, long missing, long distinct, boolean distinctCapped,
                         Double min, Double max, Double mean, Double std, Boolean integral, List<ValueCount> topValues,
                         List<ValueCount> values) {
        this(name, type, missing, distinct, distinctCapped, min, max, mean, std, integral, topValues, values, null,
                null);
    }
    /** Up to this many distinct values are listed completely in a column's profile. */
    public static final int LEVELS_LIMIT = 100;

    public boolean isNumeric() {
        return type == ColumnType.NUMERIC;
    }

    /** The complete list of distinct values, when the column has few enough of them. */
    public Optional<List<String>> levels() {
        return Optional.ofNullable(values).map(v -> v.stream().map(ValueCount::value).toList());
    }
}
