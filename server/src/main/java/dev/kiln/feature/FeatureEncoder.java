package dev.kiln.feature;

import org.jspecify.annotations.Nullable;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/** How one input column becomes one or more network inputs, with everything fitted on the training split. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(value = FeatureEncoder.Numeric.class, name = "numeric"),
        @JsonSubTypes.Type(value = FeatureEncoder.OneHot.class, name = "oneHot"),
        @JsonSubTypes.Type(value = FeatureEncoder.Ordinal.class, name = "ordinal"),
        @JsonSubTypes.Type(value = FeatureEncoder.Text.class, name = "text")})
public sealed interface FeatureEncoder {
    String column();

    int width();

    /**
     * A numeric column: a missing value becomes {@code fill}, then the value is clipped to [{@code lower},
     * {@code upper}] (absent bounds: no clipping), then {@code (v − center) / divisor}.
     *
     * @param scale standardize (center mean, divisor std), minMax (min, max − min) or none (0, 1)
     * @param impute how {@code fill} was chosen: mean, median, mostFrequent or constant
     */
    @io.swagger.v3.oas.annotations.media.Schema(name = "NumericEncoder",
            description = "A numeric column: imputed, clipped, then scaled")
    record Numeric(String column, PreprocessingOptions.Scale scale, double center, double divisor,
                   PreprocessingOptions.Impute impute, double fill,
                   @Nullable Double lower, @Nullable Double upper) implements FeatureEncoder {
        @Override
        public int width() {
            return 1;
        }

        public float encode(double value) {
            double v = Double.isNaN(value) ? fill : value;
            if (lower != null && v < lower) {
                v = lower;
            }
            if (upper != null && v > upper) {
                v = upper;
            }
            return (float) ((v - center) / divisor);
        }
    }

    /**
     * A categorical column as one input per training category; unseen values are all zeros, and so are missing
     * ones unless {@code fill} (the imputed category) is set.
     */
    @io.swagger.v3.oas.annotations.media.Schema(name = "OneHotEncoder",
            description = "A categorical column as one input per training category")
    record OneHot(String column, List<String> categories, @Nullable String fill) implements FeatureEncoder {
        @Override
        public int width() {
            return categories.size();
        }
    }

    /** A categorical column as the index of its category in sorted order; unseen (and unimputed missing) are −1. */
    @io.swagger.v3.oas.annotations.media.Schema(name = "OrdinalEncoder",
            description = "A categorical column as the index of its category")
    record Ordinal(String column, List<String> categories, @Nullable String fill) implements FeatureEncoder {
        @Override
        public int width() {
            return 1;
        }
    }

    /**
     * A text column vectorized as Keras's {@code TextVectorization} does, with the vocabulary fitted on the training
     * split (most frequent first). In {@code int} mode a row becomes {@code outputSequenceLength} ids (0 padding,
     * 1 out of vocabulary, then the vocabulary); otherwise one value per vocabulary entry after index 0, the out of
     * vocabulary tokens.
     *
     * @param vocabularySize how many tokens the fitted vocabulary holds (a run's answer lists only the first ones)
     * @param idf tfIdf: the weight of index 0 and of each token
     */
    @io.swagger.v3.oas.annotations.media.Schema(name = "TextEncoder",
            description = "A text column vectorized as Keras's TextVectorization does")
    record Text(String column, TextOptions options, int vocabularySize, List<String> vocabulary,
                @Nullable List<Double> idf) implements FeatureEncoder {
        @Override
        public int width() {
            return TextVectorizer.width(options, vocabularySize);
        }

        /** The ids this encoding gives in int mode, padding and out of vocabulary included. */
        public int ids() {
            return vocabularySize + 2;
        }

        TextVectorizer vectorizer() {
            return new TextVectorizer(options, vocabulary, idf);
        }

        /**
         * One cell vectorized as the network reads it ({@link #width()} values): what an ONNX export of the run takes
         * for this column. Needs the whole vocabulary (an encoder as the run stores it, not a summarized one).
         */
        public float[] vectorize(String cell) {
            float[] x = new float[width()];
            vectorizer().encode(cell, x, 0);
            return x;
        }

        /** This encoder with only its first {@code tokens} vocabulary entries, to show. */
        public Text summarized(int tokens) {
            return new Text(column, options, vocabularySize, vocabulary.subList(0, Math.min(tokens,
                    vocabulary.size())), null);
        }
    }
}
