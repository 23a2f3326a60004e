package dev.kiln.feature;

import java.util.Arrays;
import java.util.Random;
import java.util.TreeMap;

/** Training and validation row indices. */
public record DataSplit(int[] train, int[] validation) {

    /**
     * Splits {@code rows} (those with a target) into training and validation, seeded. With {@code classes}
     * (one class index per row, or null for regression) each class keeps its share in both parts.
     */
    public static DataSplit of(int[] rows, int[] classes, double validationFraction, long seed) {
        Random random = new Random(seed);
        if (validationFraction <= 0) {
            return new DataSplit(rows.clone(), new int[0]);
        }
        // rows grouped by class (classes in ascending order, rows in the order given), each group shuffled on its own
        TreeMap<Integer, Integer> groupOf = new TreeMap<>();
        for (int i = 0; i < rows.length; i++) {
            groupOf.putIfAbsent(classes == null ? 0 : classes[i], 0);
        }
        int[] starts = new int[groupOf.size() + 1];
        int next = 0;
        for (var entry : groupOf.entrySet()) {
            entry.setValue(next++);
        }
        int[] group = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            group[i] = classes == null ? 0 : groupOf.get(classes[i]);
            starts[group[i] + 1]++;
        }
        for (int g = 0; g < groupOf.size(); g++) {
            starts[g + 1] += starts[g];
        }
        int[] grouped = new int[rows.length];
        int[] filled = Arrays.copyOf(starts, groupOf.size());
        for (int i = 0; i < rows.length; i++) {
            grouped[filled[group[i]]++] = rows[i];
        }
        int[] t = new int[rows.length];
        int[] v = new int[rows.length];
        int trained = 0;
        int held = 0;
        for (int g = 0; g < groupOf.size(); g++) {
            int from = starts[g];
            int size = starts[g + 1] - from;
            shuffle(grouped, from, from + size, random);
            int validation = Math.min((int) Math.round(size * validationFraction), size - 1);
            System.arraycopy(grouped, from, v, held, validation);
            System.arraycopy(grouped, from + validation, t, trained, size - validation);
            held += validation;
            trained += size - validation;
        }
        t = Arrays.copyOf(t, trained);
        v = Arrays.copyOf(v, held);
        Arrays.sort(t);
        Arrays.sort(v);
        return new DataSplit(t, v);
    }

    /** The indices 0 … n − 1 in a uniformly random order (Fisher–Yates, drawing from {@code random}). */
    public static int[] shuffledIndices(int n, Random random) {
        int[] order = new int[n];
        Arrays.setAll(order, i -> i);
        shuffle(order, 0, n, random);
        return order;
    }

    /**
     * Shuffles {@code values[from, to)} in place: Fisher–Yates with the draws of {@code Collections.shuffle} (the
     * last position first), so that seeded splits and orders stay what they were.
     */
    private static void shuffle(int[] values, int from, int to, Random random) {
        for (int i = to - from - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = values[from + i];
            values[from + i] = values[from + j];
            values[from + j] = t;
        }
    }
}
