package dev.kiln.interaction;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.jspecify.annotations.Nullable;

/**
 * Holds out interactions for validation the way recommenders are measured: at random, each user's latest, or a
 * fraction of each user's. Seeded: the same rows, users, times and seed give the same split.
 *
 * @param train indices of the training interactions, ascending
 * @param heldOut indices of the held-out interactions, ascending
 */
public record InteractionSplit(int[] train, int[] heldOut) {

    /**
     * Splits {@code rows} (indices into the dataset) whose users are {@code users[i]} for row {@code rows[i]}.
     *
     * @param times per row its time (leaveLastOut), or null
     * @param fraction the held-out fraction (random, userFraction); 0 holds nothing out
     */
    public static InteractionSplit of(HoldOut kind, int[] rows, String[] users, double @Nullable [] times,
                                      double fraction, long seed) {
        if (kind != HoldOut.LEAVE_LAST_OUT && fraction <= 0) {
            return new InteractionSplit(rows.clone(), new int[0]);
        }
        boolean[] out = new boolean[rows.length];
        Random random = new Random(seed);
        switch (kind) {
            case RANDOM -> {
                int[] order = dev.kiln.feature.DataSplit.shuffledIndices(rows.length, random);
                int held = (int) Math.round(rows.length * fraction);
                for (int i = 0; i < held; i++) {
                    out[order[i]] = true;
                }
            }
            case LEAVE_LAST_OUT -> {
                for (int[] mine : byUser(users)) {
                    if (mine.length < 2) {
                        continue;
                    }
                    int latest = mine[0];
                    for (int i : mine) {
                        if (times[i] >= times[latest]) {
                            latest = i; // ties: the later row in the file
                        }
                    }
                    out[latest] = true;
                }
            }
            case USER_FRACTION -> {
                for (int[] mine : byUser(users)) {
                    if (mine.length < 2) {
                        continue;
                    }
                    int held = Math.min(mine.length - 1, Math.max(1, (int) Math.round(mine.length * fraction)));
                    int[] order = dev.kiln.feature.DataSplit.shuffledIndices(mine.length, random);
                    for (int i = 0; i < held; i++) {
                        out[mine[order[i]]] = true;
                    }
                }
            }
        }
        int heldCount = 0;
        for (boolean b : out) {
            heldCount += b ? 1 : 0;
        }
        int[] train = new int[rows.length - heldCount];
        int[] held = new int[heldCount];
        for (int i = 0, t = 0, h = 0; i < rows.length; i++) {
            if (out[i]) {
                held[h++] = rows[i];
            } else {
                train[t++] = rows[i];
            }
        }
        return new InteractionSplit(train, held);
    }

    /** Per user (in order of first appearance) the positions of its rows, ascending. */
    private static List<int[]> byUser(String[] users) {
        var positions = new java.util.LinkedHashMap<String, List<Integer>>();
        for (int i = 0; i < users.length; i++) {
            positions.computeIfAbsent(users[i], u -> new ArrayList<>()).add(i);
        }
        return positions.values().stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toList();
    }
}
