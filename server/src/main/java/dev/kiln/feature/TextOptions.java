package dev.kiln.feature;

import com.fasterxml.jackson.annotation.JsonValue;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * How a text column is vectorized, with Keras {@code TextVectorization}'s names and semantics; every default is
 * written here once ({@link #DEFAULTS}).
 *
 * @param maxTokens the vocabulary's size, the padding and out-of-vocabulary entries included (Keras's max_tokens)
 * @param outputSequenceLength {@code int} mode: ids per row, padded with 0 or truncated; required there
 */
public record TextOptions(Standardize standardize, Split split, int ngrams, int maxTokens, OutputMode outputMode,
                          Integer outputSequenceLength) {
    /** The largest vocabulary a run may ask for. */
    public static final int MAX_TOKENS = 1_000_000;
    /** The longest sequence of ids a run may ask for. */
    public static final int MAX_SEQUENCE_LENGTH = 4096;
    /** The longest n-grams a run may ask for. */
    public static final int MAX_NGRAMS = 5;

    public static final TextOptions DEFAULTS = new TextOptions(Standardize.LOWER_AND_STRIP_PUNCTUATION,
            Split.WHITESPACE, 1, 20_000, OutputMode.MULTI_HOT, null);

    /** What is done to the text before it is split. */
    @Schema(enumAsRef = true, description = "lowerAndStripPunctuation (default), lower, stripPunctuation or none")
    public enum Standardize {
        LOWER_AND_STRIP_PUNCTUATION("lowerAndStripPunctuation"), LOWER("lower"), STRIP_PUNCTUATION("stripPunctuation"),
        NONE("none");

        private final String json;

        Standardize(String json) {
            this.json = json;
        }

        @JsonValue
        public String json() {
            return json;
        }
    }

    /** How the standardized text becomes tokens. */
    @Schema(enumAsRef = true, description = "whitespace (default) or character")
    public enum Split {
        WHITESPACE("whitespace"), CHARACTER("character");

        private final String json;

        Split(String json) {
            this.json = json;
        }

        @JsonValue
        public String json() {
            return json;
        }
    }

    /** What a row's tokens become. */
    @Schema(enumAsRef = true, description = "int (ids, padded), multiHot (default), count or tfIdf")
    public enum OutputMode {
        INT("int"), MULTI_HOT("multiHot"), COUNT("count"), TF_IDF("tfIdf");

        private final String json;

        OutputMode(String json) {
            this.json = json;
        }

        @JsonValue
        public String json() {
            return json;
        }
    }

    /** The options a column's settings resolve to: what they set, the defaults elsewhere. */
    public static TextOptions of(PreprocessingOptions.Column s) {
        return new TextOptions(s.standardize() != null ? s.standardize() : DEFAULTS.standardize,
                s.split() != null ? s.split() : DEFAULTS.split, s.ngrams() != null ? s.ngrams() : DEFAULTS.ngrams,
                s.maxTokens() != null ? s.maxTokens() : DEFAULTS.maxTokens,
                s.outputMode() != null ? s.outputMode() : DEFAULTS.outputMode, s.outputSequenceLength());
    }
}
