package dev.kiln.interaction;

import java.util.Arrays;

/**
 * Scoring a whole catalog for users: the rows that pair each user with every item (one batch for the network,
 * not a loop of requests), and each user's top k from the scores, excluded items left out.
 */
public final class Ranking {
    private Ranking() {}

    /**
     * Rows of {@code width} features pairing each of {@code users} with items 0 … items − 1, user by user; each row
     * holds the user's id at {@code userAt} and the item's at {@code itemAt} (the rest 0).
     */
    public static float[] catalogRows(int[] users, int items, int width, int userAt, int itemAt) {
        float[] rows = new float[users.length * items * width];
        for (int u = 0; u < users.length; u++) {
            for (int i = 0; i < items; i++) {
                int at = (u * items + i) * width;
                rows[at + userAt] = users[u];
                rows[at + itemAt] = i;
            }
        }
        return rows;
    }

    /**
     * The {@code k} best items by {@code scores[offset + item]} (item 0 … items − 1), best first, leaving out the
     * ids in {@code excluded}; ties go to the lower id, a NaN score ranks last. One pass keeping the best k in
     * order (k ≤ 64), or a sort of the candidates (larger k).
     */
    public static int[] top(float[] scores, int offset, int items, int k, int[] excluded) {
        boolean[] skip = new boolean[items];
        for (int item : excluded) {
            if (item >= 0 && item < items) {
                skip[item] = true;
            }
        }
        if (k > 64) {
            return sorted(scores, offset, items, k, skip);
        }
        int[] ids = new int[k];
        float[] best = new float[k];
        int size = 0;
        for (int item = 0; item < items; item++) {
            if (skip[item]) {
                continue;
            }
            float score = score(scores[offset + item]);
            if (size == k && !(score > best[k - 1])) {
                continue; // not better than the k-th (an equal score loses to its lower id)
            }
            int at = size < k ? size++ : k - 1;
            while (at > 0 && score > best[at - 1]) {
                best[at] = best[at - 1];
                ids[at] = ids[at - 1];
                at--;
            }
            best[at] = score;
            ids[at] = item;
        }
        return size == k ? ids : java.util.Arrays.copyOf(ids, size);
    }

    private static int[] sorted(float[] scores, int offset, int items, int k, boolean[] skip) {
        Integer[] candidates = java.util.stream.IntStream.range(0, items).filter(i -> !skip[i]).boxed()
                .toArray(Integer[]::new);
        Arrays.sort(candidates, (a, b) -> {
            int byScore = Float.compare(score(scores[offset + b]), score(scores[offset + a]));
            return byScore != 0 ? byScore : Integer.compare(a, b);
        });
        return Arrays.stream(candidates).limit(k).mapToInt(Integer::intValue).toArray();
    }

    private static float score(float raw) {
        return Float.isNaN(raw) ? Float.NEGATIVE_INFINITY : raw;
    }
}
