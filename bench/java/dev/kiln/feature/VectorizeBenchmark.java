package dev.kiln.feature;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Text vectorization throughput and heap: fits the vocabulary (Kiln's defaults: lower case, punctuation stripped,
 * whitespace split, maxTokens 20,000) on {@code rows} synthetic sentences and encodes them as padded ids (length 64),
 * as a run does, {@code repetitions} times; prints rows/s of fitting and of encoding and the heap used after each
 * repetition (after a GC), which must stay flat. The sentences draw 8 to 80 words, Zipf-distributed, from 30,000
 * made-up words with punctuation and capitals mixed in.
 * Usage: run by bench/text-vs-pytorch.sh, or java -cp … dev.kiln.feature.VectorizeBenchmark [rows=100000] [reps=5]
 */
public final class VectorizeBenchmark {
    private VectorizeBenchmark() {}

    static String[] sentences(int rows, long seed) {
        Random random = new Random(seed);
        String[] words = new String[30_000];
        for (int i = 0; i < words.length; i++) {
            StringBuilder word = new StringBuilder();
            for (int c = 0, n = 2 + random.nextInt(8); c < n; c++) {
                word.append((char) ('a' + random.nextInt(26)));
            }
            words[i] = word.toString();
        }
        double[] cumulative = new double[words.length];
        double sum = 0;
        for (int i = 0; i < words.length; i++) {
            sum += 1.0 / (i + 1);
            cumulative[i] = sum;
        }
        String[] cells = new String[rows];
        for (int r = 0; r < rows; r++) {
            StringBuilder cell = new StringBuilder();
            for (int w = 0, n = 8 + random.nextInt(73); w < n; w++) {
                int at = java.util.Arrays.binarySearch(cumulative, random.nextDouble() * sum);
                String word = words[Math.min(words.length - 1, at < 0 ? -at - 1 : at)];
                cell.append(w == 0 ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word)
                        .append(random.nextInt(12) == 0 ? ", " : " ");
            }
            cells[r] = cell.append('.').toString();
        }
        return cells;
    }

    public static void main(String[] args) {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int repetitions = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        String[] cells = sentences(rows, 1);
        int[] all = java.util.stream.IntStream.range(0, rows).toArray();
        var settings = new PreprocessingOptions.Column(null, PreprocessingOptions.Encoding.TEXT, null, null, null,
                null, null, null, null, null, TextOptions.OutputMode.INT, 64);
        List<Double> fitting = new ArrayList<>();
        List<Double> encoding = new ArrayList<>();
        float[] x = new float[rows * 64];
        for (int rep = 0; rep <= repetitions; rep++) {
            long began = System.nanoTime();
            FeatureEncoder.Text text = ColumnFitting.text("text", cells, all, settings);
            long fitted = System.nanoTime();
            TextVectorizer vectorizer = text.vectorizer();
            java.util.Arrays.fill(x, 0f);
            for (int r = 0; r < rows; r++) {
                vectorizer.encode(cells[r], x, r * 64);
            }
            long encoded = System.nanoTime();
            System.gc();
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            System.out.printf("  repetition %d: fit %.0f rows/s, encode %.0f rows/s, vocabulary %d, heap after GC "
                    + "%.1f MB%n", rep, rows / ((fitted - began) / 1e9), rows / ((encoded - fitted) / 1e9),
                    text.vocabularySize(), heap / 1e6);
            if (rep > 0) {
                fitting.add(rows / ((fitted - began) / 1e9));
                encoding.add(rows / ((encoded - fitted) / 1e9));
            }
        }
        fitting.sort(null);
        encoding.sort(null);
        System.out.printf("SUMMARY text vectorization rows=%d: fit %.0f rows/s, encode %.0f rows/s, fit + encode "
                + "%.0f rows/s (medians of %d, the first repetition a warm-up)%n", rows,
                fitting.get(fitting.size() / 2), encoding.get(encoding.size() / 2),
                1 / (1 / fitting.get(fitting.size() / 2) + 1 / encoding.get(encoding.size() / 2)), repetitions);
    }
}
