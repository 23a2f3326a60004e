package dev.kiln.feature;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/**
 * How a run's features are prepared ({@code preprocessing} on the run): defaults for numeric and categorical
 * columns, per-column overrides, and columns to leave out. Everything is fitted on the training split only.
 *
 * @param numeric defaults for numeric columns (standardize, mean imputation, no clipping)
 * @param categorical defaults for categorical columns (one-hot, missing values left as all zeros)
 * @param columns per-column settings that replace the defaults of that column's type
 * @param drop columns not used as features
 * @param imageNormalization image datasets: {@code none} (default: pixels scaled to [0, 1]) or {@code perChannel}
 *     (then each channel's training-split mean subtracted and divided by its standard deviation)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PreprocessingOptions(Column numeric, Column categorical, Map<String, Column> columns, List<String> drop,
                                   @Schema(allowableValues = {"none", "perChannel"}, defaultValue = "none",
                                           description = "image datasets: pixels scaled to [0, 1], then optionally "
                                                   + "standardized per channel with the training split's mean and std")
                                   String imageNormalization) {

    public PreprocessingOptions(Column numeric, Column categorical, Map<String, Column> columns, List<String> drop) {
        this(numeric, categorical, columns, drop, null);
    }

    public static PreprocessingOptions defaults() {
        return new PreprocessingOptions(null, null, null, null, null);
    }

    /** True when an image run standardizes each channel. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean normalizesImages() {
        return "perChannel".equals(imageNormalization);
    }

    /** True when any option for tables is set. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean hasTableOptions() {
        return numeric != null || categorical != null || columns != null && !columns.isEmpty()
                || drop != null && !drop.isEmpty();
    }

    /**
     * Settings for one column or one type of column.
     *
     * @param scale numeric: {@code standardize} (default), {@code minMax} or {@code none}
     * @param encode categorical: {@code oneHot} (default) or {@code ordinal} (index in sorted order; −1 missing or unseen)
     * @param impute numeric: {@code mean} (default), {@code median}, {@code mostFrequent}, {@code constant};
     *     categorical: {@code none} (default), {@code mostFrequent}, {@code constant}
     * @param fillValue the value {@code constant} imputes (a number for numeric columns)
     * @param outliers numeric: {@code none} (default), {@code iqr} (clip to [Q1 − t·IQR, Q3 + t·IQR], t default 1.5)
     *     or {@code zscore} (clip to mean ± t·std, t default 3)
     * @param threshold the t of {@code outliers}
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Column(
            @Schema(allowableValues = {"standardize", "minMax", "none"}) String scale,
            @Schema(allowableValues = {"oneHot", "ordinal"}) String encode,
            @Schema(allowableValues = {"mean", "median", "mostFrequent", "constant", "none"}) String impute,
            String fillValue,
            @Schema(allowableValues = {"none", "iqr", "zscore"}) String outliers,
            Double threshold) {

        static Column numericDefaults() {
            return new Column("standardize", null, "mean", null, "none", null);
        }

        static Column categoricalDefaults() {
            return new Column(null, "oneHot", "none", null, null, null);
        }

        /** These settings over {@code base}: what is set here wins. */
        Column over(Column base) {
            return new Column(scale != null ? scale : base.scale, encode != null ? encode : base.encode,
                    impute != null ? impute : base.impute, fillValue != null ? fillValue : base.fillValue,
                    outliers != null ? outliers : base.outliers, threshold != null ? threshold : base.threshold);
        }
    }

    /** The effective settings of a column of the given type. */
    public Column settingsFor(String column, boolean numericColumn) {
        Column base = numericColumn ? Column.numericDefaults() : Column.categoricalDefaults();
        Column typed = numericColumn ? numeric : categorical;
        Column effective = typed == null ? base : typed.over(base);
        Column own = columns == null ? null : columns.get(column);
        return own == null ? effective : own.over(effective);
    }

    public List<String> dropped() {
        return drop == null ? List.of() : drop;
    }
}
