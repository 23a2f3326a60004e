package dev.kiln.feature;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Fits one column's encoder on the training rows, as its settings say. */
final class ColumnFitting {
    private ColumnFitting() {}

    static FeatureEncoder.Numeric numeric(String name, double[] values, int[] rows, PreprocessingOptions.Column s) {
        double[] present = new double[rows.length];
        int count = 0;
        for (int r : rows) {
            if (!Double.isNaN(values[r])) {
                present[count++] = values[r];
            }
        }
        present = count == rows.length ? present : Arrays.copyOf(present, count);
        // only quantiles and counts need the values in order; a mean and a range do not (sorting is most of a fit)
        boolean ordered = s.outliers() == PreprocessingOptions.Outliers.IQR
                || s.impute() == PreprocessingOptions.Impute.MEDIAN
                || s.impute() == PreprocessingOptions.Impute.MOST_FREQUENT;
        if (ordered) {
            Arrays.sort(present);
        }
        Double lower = null;
        Double upper = null;
        double t = s.effectiveThreshold();
        if (present.length > 0 && s.outliers() == PreprocessingOptions.Outliers.IQR) {
            double q1 = percentile(present, 0.25);
            double q3 = percentile(present, 0.75);
            lower = q1 - t * (q3 - q1);
            upper = q3 + t * (q3 - q1);
        } else if (present.length > 0 && s.outliers() == PreprocessingOptions.Outliers.ZSCORE) {
            double mean = mean(present);
            double std = std(present, mean);
            lower = mean - t * std;
            upper = mean + t * std;
        }
        double[] clipped = present;
        if (lower != null) { // clipping keeps sorted values sorted
            clipped = present.clone();
            for (int i = 0; i < clipped.length; i++) {
                clipped[i] = Math.min(upper, Math.max(lower, clipped[i]));
            }
        }
        double fill = switch (s.impute()) {
            case CONSTANT -> Double.parseDouble(s.fillValue());
            case MEDIAN -> clipped.length == 0 ? 0 : percentile(clipped, 0.5);
            case MOST_FREQUENT -> clipped.length == 0 ? 0 : mostFrequent(clipped);
            default -> clipped.length == 0 ? 0 : mean(clipped);
        };
        double center = 0;
        double divisor = 1;
        if (clipped.length > 0 && s.scale() == PreprocessingOptions.Scale.STANDARDIZE) {
            center = mean(clipped);
            divisor = std(clipped, center);
        } else if (clipped.length > 0 && s.scale() == PreprocessingOptions.Scale.MIN_MAX) {
            center = Arrays.stream(clipped).min().getAsDouble();
            divisor = Arrays.stream(clipped).max().getAsDouble() - center;
        }
        return new FeatureEncoder.Numeric(name, s.scale(), center, divisor > 1e-12 ? divisor : 1.0, s.impute(), fill,
                lower, upper);
    }

    /** A text column: its vocabulary (and tfIdf weights) fitted on the training rows. */
    static FeatureEncoder.Text text(String name, String[] values, int[] rows, PreprocessingOptions.Column s) {
        TextOptions options = TextOptions.of(s);
        TextVectorizer.Fitted fitted = TextVectorizer.fit(values, rows, options);
        return new FeatureEncoder.Text(name, options, fitted.vocabulary().size(), fitted.vocabulary(), fitted.idf());
    }

    static FeatureEncoder categorical(String name, String[] values, int[] rows, PreprocessingOptions.Column s) {
        TreeSet<String> categories = new TreeSet<>();
        Map<String, Integer> counts = new HashMap<>();
        boolean missing = false;
        for (int r : rows) {
            if (values[r] == null) {
                missing = true;
            } else {
                categories.add(values[r]);
                counts.merge(values[r], 1, Integer::sum);
            }
        }
        String fill = switch (s.impute()) {
            case MOST_FREQUENT -> counts.entrySet().stream()
                    .max((a, b) -> a.getValue().equals(b.getValue()) ? b.getKey().compareTo(a.getKey())
                            : Integer.compare(a.getValue(), b.getValue()))
                    .map(Map.Entry::getKey).orElse(null);
            case CONSTANT -> s.fillValue();
            default -> null;
        };
        if (fill != null && missing) {
            categories.add(fill); // the imputed value is a category the training data now holds
        }
        List<String> sorted = List.copyOf(categories);
        return s.encode() == PreprocessingOptions.Encoding.ORDINAL ? new FeatureEncoder.Ordinal(name, sorted, fill)
                : new FeatureEncoder.OneHot(name, sorted, fill);
    }

    /** Linear interpolation between the closest ranks (numpy's default) on sorted values. */
    static double percentile(double[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int low = (int) Math.floor(position);
        int high = (int) Math.ceil(position);
        return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    private static double std(double[] values, double mean) {
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        return Math.sqrt(squares / values.length);
    }

    /** The most frequent of sorted values; ties go to the smallest (as scikit-learn's SimpleImputer). */
    private static double mostFrequent(double[] sorted) {
        double best = sorted[0];
        int bestCount = 0;
        for (int i = 0; i < sorted.length; ) {
            int j = i;
            while (j < sorted.length && sorted[j] == sorted[i]) {
                j++;
            }
            if (j - i > bestCount) {
                bestCount = j - i;
                best = sorted[i];
            }
            i = j;
        }
        return best;
    }
}
