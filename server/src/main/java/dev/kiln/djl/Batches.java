package dev.kiln.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.kiln.feature.EncodedRows;
import dev.kiln.feature.ImageInput;
import java.nio.ByteBuffer;
import java.util.Random;

/**
 * Whole-tensor data: features, labels and (with class weights) each row's weight, gathered once per epoch into
 * a new order and sliced into batches (a slice is a view, not a copy). {@code order} maps a position back to
 * its row (null in the original order). Images stay one unsigned-byte tensor (n, C, H, W) — a quarter of the
 * floats' memory, and a quarter of the bytes to gather when shuffling; each batch is converted to floats, scaled
 * to [0, 1], augmented (training only) and standardized on the native side as it is sliced. {@code chunk} is how
 * many rows an evaluation pass takes at once.
 */
record Batches(NDArray features, NDArray labels, NDArray weights, int rows, long[] order, Pixels pixels, int chunk) {
    /** Evaluation chunks hold about this many activations of the network's largest layer. */
    static final long CHUNK_ACTIVATIONS = 16L << 20;

    /** How an image batch's bytes become inputs: scaled, then standardized per channel when mean and std are set. */
    record Pixels(NDArray mean, NDArray std) {
        static Pixels of(NDManager manager, ImageInput images) {
            if (!images.normalized()) {
                return new Pixels(null, null);
            }
            Shape perChannel = new Shape(1, images.channels(), 1, 1);
            return new Pixels(manager.create(floats(images.mean()), perChannel),
                    manager.create(floats(images.std()), perChannel));
        }

        private static float[] floats(java.util.List<Double> values) {
            float[] out = new float[values.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = values.get(i).floatValue();
            }
            return out;
        }

        NDArray scaled(NDArray bytes) {
            return bytes.toType(DataType.FLOAT32, false).div(255f);
        }

        NDArray normalized(NDArray scaled) {
            return mean == null ? scaled : scaled.sub(mean).div(std);
        }
    }

    /**
     * The rows as tensors in {@code manager}; images (when {@code images} is set) as bytes of that shape.
     *
     * @param largestActivation the most values a layer of the network outputs per row (sizes evaluation chunks)
     */
    static Batches of(NDManager manager, EncodedRows rows, Objective objective, double[] classWeights,
                      ImageInput images, long largestActivation) {
        NDArray x;
        Pixels pixels = null;
        if (rows.isImages()) {
            Shape shape = new Shape(rows.rows(), images.channels(), images.height(), images.width());
            x = manager.create(ByteBuffer.wrap(rows.pixels()), shape, DataType.UINT8);
            pixels = Pixels.of(manager, images);
        } else {
            x = manager.create(rows.features(), new Shape(rows.rows(), rows.width()));
        }
        NDArray weights = null;
        if (classWeights != null) {
            float[] w = new float[rows.rows()];
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) classWeights[(int) rows.targets()[i]];
            }
            weights = manager.create(w, new Shape(rows.rows(), 1));
        }
        int chunk = (int) Math.max(16, Math.min(8192, CHUNK_ACTIVATIONS / Math.max(1, largestActivation))) & ~1;
        // even: a chunk of BPR's rows holds whole pairs
        return new Batches(x, objective.labels(manager, rows.targets()), weights, rows.rows(), null, pixels, chunk);
    }

    static Batches of(NDManager manager, EncodedRows rows, Objective objective, double[] classWeights) {
        return of(manager, rows, objective, classWeights, null, rows.width());
    }

    static Batches of(NDManager manager, EncodedRows rows, Objective objective) {
        return of(manager, rows, objective, null);
    }

    /** This data in a new random order, gathered with one indexing call per tensor, owned by {@code scope}. */
    Batches shuffled(NDManager scope, Random random) {
        long[] permutation = permutation(rows, random);
        NDIndex take = new NDIndex("{}", scope.create(permutation));
        return new Batches(features.get(scope, take), labels.get(scope, take),
                weights == null ? null : weights.get(scope, take), rows, permutation, pixels, chunk);
    }

    /** A uniformly random order of {@code 0 … n−1} (Fisher–Yates), as the engine's indices. */
    static long[] permutation(int n, Random random) {
        int[] shuffled = dev.kiln.feature.DataSplit.shuffledIndices(n, random);
        long[] order = new long[n];
        for (int i = 0; i < n; i++) {
            order[i] = shuffled[i];
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

    /** The network's inputs for positions {@code from … to−1}, as evaluation sees them. */
    NDArray featureSlice(NDManager scope, int from, int to) {
        return trainingSlice(scope, from, to, null, null);
    }

    /** The inputs for training: images are also augmented (when {@code augmenter} is set) with {@code random}. */
    NDArray trainingSlice(NDManager scope, int from, int to, Augmenter augmenter, Random random) {
        NDArray slice = features.get(scope, new NDIndex().addSliceDim(from, to));
        if (pixels == null) {
            return slice;
        }
        NDArray x = pixels.scaled(slice);
        if (augmenter != null) {
            x = augmenter.apply(x, random);
        }
        return pixels.normalized(x);
    }

    NDArray labelSlice(NDManager scope, int from, int to) {
        return labels.get(scope, new NDIndex().addSliceDim(from, to));
    }

    NDArray weightSlice(NDManager scope, int from, int to) {
        return weights == null ? null : weights.get(scope, new NDIndex().addSliceDim(from, to));
    }
}
