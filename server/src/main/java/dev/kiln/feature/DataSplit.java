package dev.kiln.feature;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
        TreeMap<Integer, List<Integer>> groups = new TreeMap<>();
        for (int i = 0; i < rows.length; i++) {
            groups.computeIfAbsent(classes == null ? 0 : classes[i], k -> new ArrayList<>()).add(rows[i]);
        }
        List<Integer> train = new ArrayList<>();
        List<Integer> validation = new ArrayList<>();
        for (List<Integer> group : groups.values()) {
            java.util.Collections.shuffle(group, random);
            int held = (int) Math.round(group.size() * validationFraction);
            held = Math.min(held, group.size() - 1);
            validation.addAll(group.subList(0, held));
            train.addAll(group.subList(held, group.size()));
        }
        int[] t = train.stream().mapToInt(Integer::intValue).toArray();
        int[] v = validation.stream().mapToInt(Integer::intValue).toArray();
        Arrays.sort(t);
        Arrays.sort(v);
        return new DataSplit(t, v);
    }

    /** The indices 0 … n − 1 in a uniformly random order (Fisher–Yates, drawing from {@code random}). */
    public static int[] shuffledIndices(int n, Random random) {
        int[] order = new int[n];
        Arrays.setAll(order, i -> i);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
