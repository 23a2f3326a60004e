package dev.kiln.interaction;

import java.util.Arrays;
import java.util.PriorityQueue;

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
     * sorted ids in {@code excluded}; ties go to the lower id.
     */
    public static int[] top(float[] scores, int offset, int items, int k, int[] excluded) {
        PriorityQueue<Integer> worstFirst = new PriorityQueue<>(k + 1, (a, b) -> better(scores, offset, a, b));
        for (int item = 0; item < items; item++) {
            if (Arrays.binarySearch(excluded, item) >= 0) {
                continue;
            }
            worstFirst.add(item);
            if (worstFirst.size() > k) {
                worstFirst.poll();
            }
        }
        int[] best = new int[worstFirst.size()];
        for (int i = best.length - 1; i >= 0; i--) {
            best[i] = worstFirst.poll();
        }
        return best;
    }

    /** Positive when item a ranks before item b. */
    private static int better(float[] scores, int offset, int a, int b) {
        int byScore = Float.compare(scores[offset + a], scores[offset + b]);
        return byScore != 0 ? byScore : Integer.compare(b, a);
    }
}
