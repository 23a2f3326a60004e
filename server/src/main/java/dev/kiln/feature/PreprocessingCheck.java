package dev.kiln.feature;

import dev.kiln.domain.Violation;
import dev.kiln.feature.PreprocessingOptions.Encoding;
import dev.kiln.feature.PreprocessingOptions.Impute;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks preprocessing options against the dataset's columns: that named columns exist, and that each setting suits
 * the column's type. Field names are JSON paths under {@code preprocessing}.
 */
public final class PreprocessingCheck {
    private static final Set<Impute> CATEGORICAL_IMPUTE = EnumSet.of(Impute.NONE, Impute.MOST_FREQUENT, Impute.CONSTANT);

    private PreprocessingCheck() {}

    /**
     * @param numeric for every column of the dataset, whether it is numeric
     * @param target the target column (which cannot be dropped or preprocessed as a feature)
     */
    public static void check(PreprocessingOptions options, Map<String, Boolean> numeric, String target,
                             List<Violation> violations) {
        check(options, numeric, Set.of(), target, violations);
    }

    /** @param text the dataset's text columns (vectorized unless their settings say otherwise) */
    public static void check(PreprocessingOptions options, Map<String, Boolean> numeric, Set<String> text,
                             String target, List<Violation> violations) {
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
                    text(settings, numeric.get(name), text.contains(name), field, violations);
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

    /** Text settings go with the text encoding, and int mode needs its sequence length. */
    private static void text(PreprocessingOptions.Column s, boolean numeric, boolean textColumn, String field,
                             List<Violation> violations) {
        boolean vectorized = s.encode() == Encoding.TEXT || s.encode() == null && textColumn;
        if (s.hasTextSettings() && !vectorized) {
            violations.add(new Violation(field + ".encode", "the text settings (standardize, split, ngrams, "
                    + "maxTokens, outputMode, outputSequenceLength) apply with encode text"));
            return;
        }
        if (!vectorized || numeric) {
            return;
        }
        TextOptions options = TextOptions.of(s);
        if (options.outputMode() == TextOptions.OutputMode.INT && options.outputSequenceLength() == null) {
            violations.add(new Violation(field + ".outputSequenceLength", "required in int mode: every row becomes "
                    + "this many ids, padded with 0 or truncated"));
        }
        if (options.outputMode() != TextOptions.OutputMode.INT && options.outputSequenceLength() != null) {
            violations.add(new Violation(field + ".outputSequenceLength", "applies to outputMode int only"));
        }
    }

    private static void column(PreprocessingOptions.Column s, boolean numeric, String field, List<Violation> violations) {
        if (numeric && s.encode() != null) {
            violations.add(new Violation(field + ".encode", "applies to categorical and text columns, not to numeric "
                    + "ones"));
        }
        if (!numeric && (s.scale() != null || s.outliers() != null || s.threshold() != null)) {
            violations.add(new Violation(field + "." + (s.scale() != null ? "scale" : s.outliers() != null ? "outliers"
                    : "threshold"), "applies to numeric columns, not to categorical ones"));
        }
        if (s.impute() != null && numeric && s.impute() == Impute.NONE) {
            violations.add(new Violation(field + ".impute", "a numeric column needs a value for missing cells: "
                    + "mean, median, mostFrequent or constant"));
        }
        if (s.impute() != null && !numeric && !CATEGORICAL_IMPUTE.contains(s.impute())) {
            violations.add(new Violation(field + ".impute", "'" + s.impute().json() + "' applies to numeric columns; "
                    + "a categorical column takes none, mostFrequent or constant"));
        }
        if (s.threshold() != null && !(s.threshold() > 0)) {
            violations.add(new Violation(field + ".threshold", "must be positive"));
        }
        if (s.impute() == Impute.CONSTANT && s.fillValue() == null) {
            violations.add(new Violation(field + ".fillValue", "constant imputation needs a fillValue"));
        } else if (s.impute() == Impute.CONSTANT && numeric) {
            try {
                Double.parseDouble(s.fillValue());
            } catch (NumberFormatException e) {
                violations.add(new Violation(field + ".fillValue", "a numeric column needs a number, not '"
                        + s.fillValue() + "'"));
            }
        }
    }
}
