package dev.kiln.feature;

import dev.kiln.domain.Violation;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks preprocessing options against the dataset's columns; field names are JSON paths under {@code preprocessing}. */
public final class PreprocessingCheck {
    private static final Set<String> SCALES = Set.of("standardize", "minMax", "none");
    private static final Set<String> ENCODINGS = Set.of("oneHot", "ordinal");
    private static final Set<String> NUMERIC_IMPUTE = Set.of("mean", "median", "mostFrequent", "constant");
    private static final Set<String> CATEGORICAL_IMPUTE = Set.of("none", "mostFrequent", "constant");
    private static final Set<String> OUTLIERS = Set.of("none", "iqr", "zscore");

    private PreprocessingCheck() {}

    /**
     * @param numeric for every column of the dataset, whether it is numeric
     * @param target the target column (which cannot be dropped or preprocessed as a feature)
     */
    public static void check(PreprocessingOptions options, Map<String, Boolean> numeric, String target,
                             List<Violation> violations) {
        if (options == null) {
            return;
        }
        if (options.numeric() != null) {
            column(options.numeric(), true, "preprocessing.numeric", violations);
        }
        if (options.categorical() != null) {
            column(options.categorical(), false, "preprocessing.categorical", violations);
        }
        if (options.columns() != null) {
            options.columns().forEach((name, settings) -> {
                String field = "preprocessing.columns." + name;
                if (!numeric.containsKey(name) || name.equals(target)) {
                    violations.add(new Violation(field, name.equals(target) ? "the target is not a feature"
                            : "no column '" + name + "' in the dataset"));
                } else {
                    column(settings, numeric.get(name), field, violations);
                }
            });
        }
        List<String> drop = options.dropped();
        for (int i = 0; i < drop.size(); i++) {
            if (!numeric.containsKey(drop.get(i))) {
                violations.add(new Violation("preprocessing.drop[" + i + "]", "no column '" + drop.get(i) + "'"));
            } else if (drop.get(i).equals(target)) {
                violations.add(new Violation("preprocessing.drop[" + i + "]", "the target cannot be dropped"));
            }
        }
    }

    private static void column(PreprocessingOptions.Column s, boolean numeric, String field, List<Violation> violations) {
        String type = numeric ? "numeric" : "categorical";
        if (numeric && s.encode() != null) {
            violations.add(new Violation(field + ".encode", "applies to categorical columns, not to numeric ones"));
        }
        if (!numeric && (s.scale() != null || s.outliers() != null || s.threshold() != null)) {
            violations.add(new Violation(field + "." + (s.scale() != null ? "scale" : s.outliers() != null ? "outliers"
                    : "threshold"), "applies to numeric columns, not to categorical ones"));
        }
        oneOf(s.scale(), SCALES, field + ".scale", violations);
        oneOf(s.encode(), ENCODINGS, field + ".encode", violations);
        oneOf(s.impute(), numeric ? NUMERIC_IMPUTE : CATEGORICAL_IMPUTE, field + ".impute", violations);
        oneOf(s.outliers(), OUTLIERS, field + ".outliers", violations);
        if (s.threshold() != null && !(s.threshold() > 0)) {
            violations.add(new Violation(field + ".threshold", "must be positive"));
        }
        if ("constant".equals(s.impute()) && s.fillValue() == null) {
            violations.add(new Violation(field + ".fillValue", "constant imputation needs a fillValue"));
        } else if ("constant".equals(s.impute()) && numeric) {
            try {
                Double.parseDouble(s.fillValue());
            } catch (NumberFormatException e) {
                violations.add(new Violation(field + ".fillValue", "a " + type + " column needs a number, not '"
                        + s.fillValue() + "'"));
            }
        }
    }

    private static void oneOf(String value, Set<String> allowed, String field, List<Violation> violations) {
        if (value != null && !allowed.contains(value)) {
            violations.add(new Violation(field, "unknown value '" + value + "'; expected one of "
                    + String.join(", ", new java.util.TreeSet<>(allowed))));
        }
    }
}
