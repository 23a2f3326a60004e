package dev.kiln.interaction;

import dev.kiln.feature.EncodedRows;
import dev.kiln.feature.InteractionCatalog;
import java.util.Random;

/**
 * A ranking run's training rows for one epoch: each positive (user, item) with sampled negatives — items the user
 * never interacted with in training, drawn uniformly or by popularity — in a seeded random order. Rows are
 * {@code (user id, item id)} as the preprocessing encodes them (ordinal: 0 … n − 1).
 * <ul>
 *   <li>bce: the positive labelled 1 and each negative 0, all rows shuffled;</li>
 *   <li>bpr: {@code negatives} pairs per positive, each pair the positive then one negative, pairs shuffled (a
 *       batch of 2·b rows is b pairs).</li>
 * </ul>
 */
public final class NegativeSampler {
    private static final int TRIES = 100;

    private final int[] users;
    private final int[] items;
    private final InteractionCatalog.Seen seen;
    private final int itemCount;
    private final int negatives;
    private final RankingLoss loss;
    private final double[] cumulative;
    private final long seed;

    /**
     * @param users per positive its encoded user id
     * @param items per positive its encoded item id
     * @param itemCount items in the catalog (ids 0 … itemCount − 1)
     * @param popularity per item id its training interactions, for popularity sampling; or null
     */
    public NegativeSampler(int[] users, int[] items, InteractionCatalog.Seen seen, int itemCount, int negatives,
                           RankingLoss loss, int @org.jspecify.annotations.Nullable [] popularity, long seed) {
        this.users = users;
        this.items = items;
        this.seen = seen;
        this.itemCount = itemCount;
        this.negatives = negatives;
        this.loss = loss;
        this.seed = seed;
        if (popularity == null) {
            this.cumulative = null;
        } else {
            cumulative = new double[itemCount + 1]; // cumulative[i + 1]: the interactions of items 0 … i
            for (int id = 0; id < itemCount; id++) {
                cumulative[id + 1] = cumulative[id] + popularity[id];
            }
        }
    }

    /** Rows per positive: 1 + negatives (bce) or 2 · negatives (bpr). */
    public int rowsPerPositive() {
        return loss == RankingLoss.BPR ? 2 * negatives : 1 + negatives;
    }

    /** Rows per training example: 2 for a bpr pair, else 1. */
    public int rowsPerExample() {
        return loss == RankingLoss.BPR ? 2 : 1;
    }

    /** The rows of {@code epoch} (the same every time it is asked for). */
    public EncodedRows epoch(int epoch) {
        Random random = new Random(seed * 1_000_003L + epoch);
        int per = rowsPerPositive();
        int example = rowsPerExample();
        int examples = users.length * per / example;
        float[] features = new float[users.length * per * 2];
        float[] targets = new float[users.length * per];
        int row = 0;
        for (int p = 0; p < users.length; p++) {
            int user = users[p];
            if (loss == RankingLoss.BCE) {
                row = put(features, targets, row, user, items[p], 1f);
            }
            for (int n = 0; n < negatives; n++) {
                if (loss == RankingLoss.BPR) {
                    row = put(features, targets, row, user, items[p], 1f);
                }
                row = put(features, targets, row, user, negative(user, random), 0f);
            }
        }
        shuffle(features, targets, examples, example, random);
        return new EncodedRows(features, targets, row, 2);
    }

    /** An item the user did not interact with in training; −1 (unknown) when the user interacted with all. */
    private int negative(int user, Random random) {
        for (int tries = 0; tries < TRIES; tries++) {
            int item = cumulative == null ? random.nextInt(itemCount) : byPopularity(random);
            if (!seen.contains(user, item)) {
                return item;
            }
        }
        int start = random.nextInt(itemCount);
        for (int i = 0; i < itemCount; i++) {
            int item = (start + i) % itemCount;
            if (!seen.contains(user, item)) {
                return item;
            }
        }
        return -1;
    }

    /** Item i with probability popularity[i] / Σ popularity: the first i whose cumulative count exceeds u. */
    private int byPopularity(Random random) {
        double u = random.nextDouble() * cumulative[itemCount];
        int found = java.util.Arrays.binarySearch(cumulative, 1, itemCount + 1, u);
        int upper = found >= 0 ? found + 1 : -found - 1; // first index with cumulative > u
        return Math.min(itemCount - 1, Math.max(0, upper - 1));
    }

    private static int put(float[] features, float[] targets, int row, int user, int item, float label) {
        features[2 * row] = user;
        features[2 * row + 1] = item;
        targets[row] = label;
        return row + 1;
    }

    /** Fisher–Yates over examples of {@code size} consecutive rows. */
    private static void shuffle(float[] features, float[] targets, int examples, int size, Random random) {
        float[] f = new float[2 * size];
        float[] t = new float[size];
        for (int i = examples - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            System.arraycopy(features, 2 * size * i, f, 0, 2 * size);
            System.arraycopy(features, 2 * size * j, features, 2 * size * i, 2 * size);
            System.arraycopy(f, 0, features, 2 * size * j, 2 * size);
            System.arraycopy(targets, size * i, t, 0, size);
            System.arraycopy(targets, size * j, targets, size * i, size);
            System.arraycopy(t, 0, targets, size * j, size);
        }
    }
}
