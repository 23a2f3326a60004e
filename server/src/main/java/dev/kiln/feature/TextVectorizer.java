package dev.kiln.feature;

import dev.kiln.dataset.Tokens;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keras's {@code TextVectorization} on Kiln's cells: standardize (Unicode NFC first; lower case; ASCII punctuation
 * removed as Keras removes it), split on whitespace or into characters (code points, never inside one), join n-grams,
 * then look tokens up in the vocabulary fitted on the training split (most frequent first, ties by token in reverse
 * order, as Keras orders them). Ids in {@code int} mode: 0 padding, 1 out of vocabulary, 2… the vocabulary; other modes: index 0 out of vocabulary.
 */
public final class TextVectorizer {
    private final TextOptions options;
    private final Map<String, Integer> index;
    private final float[] idf;

    TextVectorizer(TextOptions options, List<String> vocabulary, List<Double> idf) {
        this.options = options;
        this.index = new HashMap<>(vocabulary.size() * 2);
        for (int i = 0; i < vocabulary.size(); i++) {
            index.put(vocabulary.get(i), i);
        }
        this.idf = idf == null ? null : toFloats(idf);
    }

    /** The tokens of a cell, n-grams included. */
    static List<String> tokens(String cell, TextOptions options) {
        TextOptions.Standardize standardize = options.standardize();
        List<String> unigrams = Tokens.split(cell, standardize == TextOptions.Standardize.LOWER
                        || standardize == TextOptions.Standardize.LOWER_AND_STRIP_PUNCTUATION,
                standardize == TextOptions.Standardize.STRIP_PUNCTUATION
                        || standardize == TextOptions.Standardize.LOWER_AND_STRIP_PUNCTUATION,
                options.split() == TextOptions.Split.CHARACTER);
        if (options.ngrams() <= 1) {
            return unigrams;
        }
        List<String> all = new ArrayList<>(unigrams);
        String separator = options.split() == TextOptions.Split.CHARACTER ? "" : " ";
        for (int n = 2; n <= options.ngrams(); n++) {
            for (int i = 0; i + n <= unigrams.size(); i++) {
                all.add(String.join(separator, unigrams.subList(i, i + n)));
            }
        }
        return all;
    }

    /** The fitted vocabulary and, for tfIdf, each entry's idf (out of vocabulary first, as the output's index 0). */
    record Fitted(List<String> vocabulary, List<Double> idf) {}

    /**
     * Fits the vocabulary on the training cells: the {@code maxTokens} minus the reserved entries (padding and out
     * of vocabulary in int mode; out of vocabulary otherwise) most frequent tokens, ties by token in reverse order (as
     * Keras's adapt); tfIdf weights as Keras computes them, {@code log(1 + documents / (1 + documents with the token))}, out of vocabulary the mean.
     */
    static Fitted fit(String[] cells, int[] rows, TextOptions options) {
        Map<String, long[]> counts = new HashMap<>();
        Map<String, long[]> documents = new HashMap<>();
        for (int r : rows) {
            List<String> tokens = tokens(cells[r], options);
            for (String token : tokens) {
                counts.computeIfAbsent(token, t -> new long[1])[0]++;
            }
            if (options.outputMode() == TextOptions.OutputMode.TF_IDF) {
                tokens.stream().distinct().forEach(t -> documents.computeIfAbsent(t, k -> new long[1])[0]++);
            }
        }
        int reserved = options.outputMode() == TextOptions.OutputMode.INT ? 2 : 1;
        List<String> vocabulary = counts.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<String, long[]> e) -> -e.getValue()[0])
                        .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
                .limit(Math.max(0, options.maxTokens() - reserved)).map(Map.Entry::getKey).toList();
        if (options.outputMode() != TextOptions.OutputMode.TF_IDF) {
            return new Fitted(vocabulary, null);
        }
        List<Double> idf = new ArrayList<>(vocabulary.size() + 1);
        double sum = 0;
        for (String token : vocabulary) {
            double weight = Math.log(1 + (double) rows.length / (1 + documents.get(token)[0]));
            idf.add(weight);
            sum += weight;
        }
        idf.add(0, vocabulary.isEmpty() ? 0 : sum / vocabulary.size());
        return new Fitted(vocabulary, idf);
    }

    /** How many values a row becomes. */
    static int width(TextOptions options, int vocabulary) {
        return options.outputMode() == TextOptions.OutputMode.INT ? options.outputSequenceLength() : vocabulary + 1;
    }

    /** Writes one cell's vector at {@code x[offset…]}. */
    void encode(String cell, float[] x, int offset) {
        List<String> tokens = tokens(cell, options);
        switch (options.outputMode()) {
            case INT -> {
                int length = Math.min(tokens.size(), options.outputSequenceLength());
                for (int i = 0; i < length; i++) {
                    Integer id = index.get(tokens.get(i));
                    x[offset + i] = id == null ? 1 : id + 2;
                }
            }
            case MULTI_HOT -> tokens.forEach(t -> x[offset + position(t)] = 1f);
            case COUNT -> tokens.forEach(t -> x[offset + position(t)] += 1f);
            case TF_IDF -> {
                for (String token : tokens) {
                    int at = position(token);
                    x[offset + at] += idf[at];
                }
            }
        }
    }

    private int position(String token) {
        Integer i = index.get(token);
        return i == null ? 0 : i + 1;
    }

    private static float[] toFloats(List<Double> values) {
        float[] floats = new float[values.size()];
        for (int i = 0; i < floats.length; i++) {
            floats[i] = values.get(i).floatValue();
        }
        return floats;
    }
}
