package dev.kiln.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.kiln.feature.EncodedRows;
import java.util.Random;

/**
 * Whole-tensor data: features, labels and (with class weights) each row's weight, gathered once per epoch into
 * a new order and sliced into batches (a slice is a view, not a copy). {@code order} maps a position back to
 * its row (null in the original order).
 */
record Batches(NDArray features, NDArray labels, NDArray weights, int rows, long[] order) {

    static Batches of(NDManager manager, EncodedRows rows, Objective objective, double[] classWeights) {
        NDArray x = manager.create(rows.features(), new Shape(rows.rows(), rows.width()));
        NDArray weights = null;
        if (classWeights != null) {
            float[] w = new float[rows.rows()];
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) classWeights[(int) rows.targets()[i]];
            }
            weights = manager.create(w, new Shape(rows.rows(), 1));
        }
        return new Batches(x, objective.labels(manager, rows.targets()), weights, rows.rows(), null);
    }

    static Batches of(NDManager manager, EncodedRows rows, Objective objective) {
        return of(manager, rows, objective, null);
    }

    /** This data in a new random order, gathered with one indexing call per tensor, owned by {@code scope}. */
    Batches shuffled(NDManager scope, Random random) {
        long[] permutation = permutation(rows, random);
        NDIndex take = new NDIndex("{}", scope.create(permutation));
        return new Batches(features.get(scope, take), labels.get(scope, take),
                weights == null ? null : weights.get(scope, take), rows, permutation);
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

    /** The targets of the first {@code count} positions, in this order. */
    float[] targetsInOrder(float[] targets, int count) {
        float[] ordered = new float[count];
        for (int i = 0; i < count; i++) {
            ordered[i] = targets[order == null ? i : (int) order[i]];
        }
        return ordered;
    }

    NDArray featureSlice(NDManager scope, int from, int to) {
        return features.get(scope, new NDIndex().addSliceDim(from, to));
    }

    NDArray labelSlice(NDManager scope, int from, int to) {
        return labels.get(scope, new NDIndex().addSliceDim(from, to));
    }

    NDArray weightSlice(NDManager scope, int from, int to) {
        return weights == null ? null : weights.get(scope, new NDIndex().addSliceDim(from, to));
    }
}
