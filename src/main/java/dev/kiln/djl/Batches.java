package dev.kiln.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.kiln.feature.EncodedRows;
import java.util.Random;

/**
 * Whole-tensor data: features and labels, gathered once per epoch into a new order and sliced into batches
 * (a slice is a view, not a copy).
 */
record Batches(NDArray features, NDArray labels, int rows) {

    static Batches of(NDManager manager, EncodedRows rows, Objective objective) {
        NDArray x = manager.create(rows.features(), new Shape(rows.rows(), rows.width()));
        return new Batches(x, objective.labels(manager, rows.targets()), rows.rows());
    }

    /** This data in a new random order, gathered with one indexing call per tensor, owned by {@code scope}. */
    Batches shuffled(NDManager scope, Random random) {
        NDIndex take = new NDIndex("{}", scope.create(permutation(rows, random)));
        return new Batches(features.get(scope, take), labels.get(scope, take), rows);
    }

    /** A uniformly random order of {@code 0 … n−1} (Fisher–Yates). */
    static long[] permutation(int n, Random random) {
        long[] order = new long[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            long t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    NDArray featureSlice(NDManager scope, int from, int to) {
        return features.get(scope, new NDIndex().addSliceDim(from, to));
    }

    NDArray labelSlice(NDManager scope, int from, int to) {
        return labels.get(scope, new NDIndex().addSliceDim(from, to));
    }
}
