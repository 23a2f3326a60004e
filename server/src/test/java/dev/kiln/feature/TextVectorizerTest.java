package dev.kiln.feature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Kiln's text vectorization against what Keras 3.15.1's {@code TextVectorization} (TensorFlow 2.21) gives on the same
 * cells: the expected vocabularies and vectors below were printed by Keras itself (max_tokens 8; int mode with
 * output_sequence_length 6; bigrams with max_tokens 20; characters of "a😀b"). Where Kiln differs on purpose — it
 * lower-cases all of Unicode after NFC, where TensorFlow's lower-casing touches ASCII only — the test says so.
 */
class TextVectorizerTest {
    static final String[] TRAIN = {"The cat sat on the mat.", "The dog sat!", "A cat, a dog; a bird?", "Bird"};

    record Case(String name, TextOptions options, List<String> vocabulary, float[] encoded) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> keras() {
        var defaults = TextOptions.DEFAULTS;
        List<String> vocabulary = List.of("the", "a", "sat", "dog", "cat", "bird", "on");
        return List.of(
                new Case("int", new TextOptions(defaults.standardize(), defaults.split(), 1, 8,
                        TextOptions.OutputMode.INT, 6), vocabulary.subList(0, 6), new float[] {2, 6, 1, 3, 5, 2}),
                new Case("multiHot", new TextOptions(defaults.standardize(), defaults.split(), 1, 8,
                        TextOptions.OutputMode.MULTI_HOT, null), vocabulary, new float[] {1, 1, 1, 0, 1, 1, 0, 0}),
                new Case("count", new TextOptions(defaults.standardize(), defaults.split(), 1, 8,
                        TextOptions.OutputMode.COUNT, null), vocabulary, new float[] {2, 2, 1, 0, 1, 1, 0, 0}),
                new Case("tfIdf", new TextOptions(defaults.standardize(), defaults.split(), 1, 8,
                        TextOptions.OutputMode.TF_IDF, null), vocabulary,
                        new float[] {1.8382f, 1.6946f, 1.0986f, 0f, 0.8473f, 0.8473f, 0f, 0f}));
    }

    private static FeatureEncoder.Text fit(TextOptions options) {
        var settings = new PreprocessingOptions.Column(null, PreprocessingOptions.Encoding.TEXT, null, null, null, null,
                options.standardize(), options.split(), options.ngrams(), options.maxTokens(), options.outputMode(),
                options.outputSequenceLength());
        return ColumnFitting.text("text", TRAIN, IntStream.range(0, TRAIN.length).toArray(), settings);
    }

    @ParameterizedTest(name = "{0} mode fits Keras's vocabulary and encodes as Keras does")
    @MethodSource("keras")
    void fitsAndEncodesAsKerasTextVectorization(Case c) {
        FeatureEncoder.Text text = fit(c.options());
        float[] x = new float[text.width()];
        text.vectorizer().encode("the cat ate a dog, the end", x, 0);

        assertThat(text.vocabulary()).isEqualTo(c.vocabulary());
        assertThat(x).containsExactly(c.encoded(), within(1e-4f));
    }

    @Test
    void joinsBigramsIntoTheVocabularyAsKerasDoes() {
        FeatureEncoder.Text text = fit(new TextOptions(TextOptions.Standardize.LOWER_AND_STRIP_PUNCTUATION,
                TextOptions.Split.WHITESPACE, 2, 20, TextOptions.OutputMode.INT, 8));
        float[] x = new float[8];
        text.vectorizer().encode("the cat sat", x, 0);

        assertThat(text.vocabulary()).containsExactly("the", "a", "sat", "dog", "cat", "bird", "the mat", "the dog",
                "the cat", "sat on", "on the", "on", "mat", "dog sat", "dog a", "cat sat", "cat a", "a dog");
        assertThat(x).containsExactly(2, 6, 4, 10, 17, 0, 0, 0);
    }

    @Test
    void lowersUnicodeAndComposesItWhereKerasLowersOnlyAscii() {
        FeatureEncoder.Text text = fit(new TextOptions(TextOptions.Standardize.LOWER_AND_STRIP_PUNCTUATION,
                TextOptions.Split.WHITESPACE, 1, 100, TextOptions.OutputMode.INT, 4));
        var composed = ColumnFitting.text("text", new String[] {"Über CAFÉ", "über café"}, new int[] {0, 1},
                new PreprocessingOptions.Column(null, PreprocessingOptions.Encoding.TEXT, null, null, null, null, null,
                        null, null, 100, TextOptions.OutputMode.INT, 4));
        float[] decomposed = new float[4];
        composed.vectorizer().encode("u\u0308ber cafe\u0301", decomposed, 0);

        assertThat(composed.vocabulary()).containsExactlyInAnyOrder("über", "café");
        assertThat(decomposed).as("NFC first: a decomposed ü is the composed one").containsExactly(
                composed.vocabulary().indexOf("über") + 2, composed.vocabulary().indexOf("café") + 2, 0, 0);
        assertThat(text.vocabulary()).contains("the");
    }

    @Test
    void splitsIntoCharactersByCodePointNeverInsideOne() {
        var chars = ColumnFitting.text("text", new String[] {"a😀b"}, new int[] {0},
                new PreprocessingOptions.Column(null, PreprocessingOptions.Encoding.TEXT, null, null, null, null,
                        TextOptions.Standardize.NONE, TextOptions.Split.CHARACTER, null, 10,
                        TextOptions.OutputMode.INT, 5));

        assertThat(chars.vocabulary()).containsExactly("😀", "b", "a");
    }
}
