package dev.kiln.feature;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import jakarta.validation.Valid;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

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
@Schema(description = "How features are scaled, encoded, imputed and clipped; fitted on the training split only")
public record PreprocessingOptions(
        @Schema(description = "settings for every numeric column (standardize, mean imputation by default)")
        @Valid @Nullable Column numeric,
        @Schema(description = "settings for every categorical column (oneHot, no imputation by default)")
        @Valid @Nullable Column categorical,
        @Schema(description = "settings of single columns, by name; they override the type's settings")
        @Nullable Map<String, @Valid Column> columns,
        @Schema(description = "columns not used as features") @Nullable List<String> drop,
        @Schema(description = "image datasets: pixels scaled to [0, 1], then optionally standardized per channel "
                + "with the training split's mean and std") ImageNormalization imageNormalization) {

    public PreprocessingOptions {
        imageNormalization = imageNormalization == null ? ImageNormalization.NONE : imageNormalization;
    }

    public PreprocessingOptions(Column numeric, Column categorical, Map<String, Column> columns, List<String> drop) {
        this(numeric, categorical, columns, drop, null);
    }

    public static PreprocessingOptions defaults() {
        return new PreprocessingOptions(null, null, null, null, null);
    }

    /** True when an image run standardizes each channel. */
    @JsonIgnore
    public boolean normalizesImages() {
        return imageNormalization == ImageNormalization.PER_CHANNEL;
    }

    /** True when any option for tables is set. */
    @JsonIgnore
    public boolean hasTableOptions() {
        return numeric != null || categorical != null || columns != null && !columns.isEmpty()
                || drop != null && !drop.isEmpty();
    }

    /** How an image run's pixels are scaled beyond [0, 1]. */
    @Schema(enumAsRef = true, description = "how image pixels are scaled beyond [0, 1]")
    public enum ImageNormalization {
        NONE("none"), PER_CHANNEL("perChannel");

        private final String json;

        ImageNormalization(String json) {
            this.json = json;
        }

        @JsonValue
        public String json() {
            return json;
        }
    }

    /** How a numeric column is scaled after imputation and clipping. */
    @Schema(enumAsRef = true, description = "how a numeric column is scaled")
    public enum Scale {
        STANDARDIZE("standardize"), MIN_MAX("minMax"), NONE("none");

        private final String json;

        Scale(String json) {
            this.json = json;
        }

        @JsonValue
        public String json() {
            return json;
        }
    }

    /** How a categorical column becomes inputs. */
    @Schema(enumAsRef = true, description = "how a categorical or text column becomes inputs")
    public enum Encoding {
        ONE_HOT("oneHot"), ORDINAL("ordinal"), TEXT("text");

        private final String json;

        Encoding(String json) {
            this.json = json;
        }

        @JsonValue
        public String json() {
            return json;
        }
    }

    /** What replaces a missing value: numeric columns take mean, median, mostFrequent or constant; categorical ones none, mostFrequent or constant. */
    @Schema(enumAsRef = true, description = "what replaces a missing value")
    public enum Impute {
        MEAN("mean"), MEDIAN("median"), MOST_FREQUENT("mostFrequent"), CONSTANT("constant"), NONE("none");

        private final String json;

        Impute(String json) {
            this.json = json;
        }

        @JsonValue
        public String json() {
            return json;
        }
    }

    /** How a numeric column's extreme values are clipped before scaling. */
    @Schema(enumAsRef = true, description = "how extreme values are clipped")
    public enum Outliers {
        NONE("none"), IQR("iqr"), ZSCORE("zscore");

        private final String json;

        Outliers(String json) {
            this.json = json;
        }

        @JsonValue
        public String json() {
            return json;
        }
    }

    /**
     * Settings for one column or one type of column; absent settings fall back to the type's.
     *
     * @param scale numeric: {@code standardize} (default), {@code minMax} or {@code none}
     * @param encode categorical: {@code oneHot} (default) or {@code ordinal} (index in sorted order; −1 missing or unseen)
     * @param impute numeric: {@code mean} (default), {@code median}, {@code mostFrequent}, {@code constant};
     *     categorical: {@code none} (default), {@code mostFrequent}, {@code constant}
     * @param fillValue the value {@code constant} imputes (a number for numeric columns)
     * @param outliers numeric: {@code none} (default), {@code iqr} (clip to [Q1 − t·IQR, Q3 + t·IQR], t default 1.5)
     *     or {@code zscore} (clip to mean ± t·std, t default 3)
     * @param threshold the t of {@code outliers}
     * @param standardize text: {@code lowerAndStripPunctuation} (default), {@code lower}, {@code stripPunctuation},
     *     {@code none}; the other text settings likewise follow Keras's {@code TextVectorization} (see
     *     {@link TextOptions})
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "ColumnSettings", description = "Settings of a column; absent ones fall back to its type's")
    public record Column(
            @Schema(description = "numeric: standardize (default), minMax or none") @Nullable Scale scale,
            @Schema(description = "categorical: oneHot (default) or ordinal") @Nullable Encoding encode,
            @Schema(description = "numeric: mean (default), median, mostFrequent, constant; categorical: none "
                    + "(default), mostFrequent, constant") @Nullable Impute impute,
            @Schema(description = "the value constant imputation fills in (a number for numeric columns)")
            @Nullable String fillValue,
            @Schema(description = "numeric: none (default), iqr or zscore") @Nullable Outliers outliers,
            @Schema(description = "the t of outliers: 1.5 for iqr, 3 for zscore when absent") @Nullable Double threshold,
            @Schema(description = "text: lowerAndStripPunctuation (default), lower, stripPunctuation or none")
            TextOptions.@Nullable Standardize standardize,
            @Schema(description = "text: whitespace (default) or character") TextOptions.@Nullable Split split,
            @Schema(description = "text: tokens joined into n-grams up to this n (default 1)") @Min(1)
            @Max(TextOptions.MAX_NGRAMS) @Nullable Integer ngrams,
            @Schema(description = "text: the vocabulary's size, padding and out-of-vocabulary included (default "
                    + "20000)") @Min(3) @Max(TextOptions.MAX_TOKENS) @Nullable Integer maxTokens,
            @Schema(description = "text: int (ids, padded to outputSequenceLength), multiHot (default), count or "
                    + "tfIdf") TextOptions.@Nullable OutputMode outputMode,
            @Schema(description = "text, int mode: ids per row, padded with 0 or truncated (required there)")
            @Min(1) @Max(TextOptions.MAX_SEQUENCE_LENGTH) @Nullable Integer outputSequenceLength) {

        public Column(Scale scale, Encoding encode, Impute impute, String fillValue, Outliers outliers,
                      Double threshold) {
            this(scale, encode, impute, fillValue, outliers, threshold, null, null, null, null, null, null);
        }

        static Column numericDefaults() {
            return new Column(Scale.STANDARDIZE, null, Impute.MEAN, null, Outliers.NONE, null);
        }

        static Column categoricalDefaults() {
            return new Column(null, Encoding.ONE_HOT, Impute.NONE, null, null, null);
        }

        /** A text column's defaults: vectorized into a multi-hot vector. */
        public static Column textDefaults() {
            return new Column(null, Encoding.TEXT, Impute.NONE, null, null, null);
        }

        /** Whether any text setting is given. */
        @JsonIgnore
        boolean hasTextSettings() {
            return standardize != null || split != null || ngrams != null || maxTokens != null || outputMode != null
                    || outputSequenceLength != null;
        }

        /** These settings over {@code base}: what is set here wins. */
        Column over(Column base) {
            return new Column(scale != null ? scale : base.scale, encode != null ? encode : base.encode,
                    impute != null ? impute : base.impute, fillValue != null ? fillValue : base.fillValue,
                    outliers != null ? outliers : base.outliers, threshold != null ? threshold : base.threshold,
                    standardize != null ? standardize : base.standardize, split != null ? split : base.split,
                    ngrams != null ? ngrams : base.ngrams, maxTokens != null ? maxTokens : base.maxTokens,
                    outputMode != null ? outputMode : base.outputMode,
                    outputSequenceLength != null ? outputSequenceLength : base.outputSequenceLength);
        }

        /** The clipping threshold in effect: the given one, or the method's default. */
        double effectiveThreshold() {
            return threshold != null ? threshold : outliers == Outliers.IQR ? 1.5 : 3.0;
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

    /** These options with {@code encoded} categorical columns encoded as ids (ordinal), their other settings kept. */
    public PreprocessingOptions withOrdinal(java.util.Collection<String> encoded) {
        Map<String, Column> all = columns == null ? new java.util.LinkedHashMap<>()
                : new java.util.LinkedHashMap<>(columns);
        for (String column : encoded) {
            Column own = all.get(column);
            all.put(column, own == null ? new Column(null, Encoding.ORDINAL, null, null, null, null)
                    : new Column(own.scale(), Encoding.ORDINAL, own.impute(), own.fillValue(), own.outliers(),
                    own.threshold(), own.standardize(), own.split(), own.ngrams(), own.maxTokens(), own.outputMode(),
                    own.outputSequenceLength()));
        }
        return new PreprocessingOptions(numeric, categorical, all, drop, imageNormalization);
    }

    /** These options with the text defaults for {@code text} columns that have no encoding of their own. */
    public PreprocessingOptions withTextColumns(java.util.Collection<String> text) {
        Map<String, Column> all = columns == null ? new java.util.LinkedHashMap<>()
                : new java.util.LinkedHashMap<>(columns);
        for (String column : text) {
            Column own = all.get(column);
            if (own == null) {
                all.put(column, Column.textDefaults());
            } else if (own.encode() == null) {
                all.put(column, own.over(Column.textDefaults()));
            }
        }
        return all.equals(columns == null ? Map.of() : columns) ? this
                : new PreprocessingOptions(numeric, categorical, all, drop, imageNormalization);
    }

    public List<String> dropped() {
        return drop == null ? List.of() : drop;
    }
}
