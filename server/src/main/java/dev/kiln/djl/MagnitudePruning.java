package dev.kiln.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.kiln.run.spec.Pruning;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Magnitude pruning of a network's kernels as a run's {@link Pruning} schedules it: after a pruning epoch each
 * kernel's weights below the magnitude that leaves the scheduled share at zero are zeroed, and a 0/1 mask per kernel
 * keeps them zero — applied after every optimizer step, so that neither momentum nor Adam's moments revive a pruned
 * weight. Masks are not stored: a kernel's zeros are its mask, so a run resumed from a checkpoint derives them again
 * and continues exactly.
 */
final class MagnitudePruning {
    private final Pruning schedule;
    private final List<NDArray> kernels;
    private final List<Integer> layers;
    private final NDArray[] masks;

    MagnitudePruning(Pruning schedule, Kernels kernels) {
        this.schedule = schedule;
        this.kernels = kernels.weights();
        this.layers = kernels.layers();
        this.masks = new NDArray[this.kernels.size()];
    }

    /** After a restored checkpoint: once pruning began, each kernel's zeros are its mask. */
    void restore(int epochsDone, NDManager data) {
        if (epochsDone < schedule.beginEpoch()) {
            return;
        }
        for (int k = 0; k < kernels.size(); k++) {
            float[] w = kernels.get(k).toFloatArray();
            float[] mask = new float[w.length];
            for (int i = 0; i < w.length; i++) {
                mask[i] = w[i] == 0f ? 0f : 1f;
            }
            replace(k, data.create(mask, kernels.get(k).getShape()));
        }
    }

    /** Prunes after {@code epoch} when the schedule says so. */
    void epochEnded(int epoch, NDManager data) {
        double sparsity = schedule.sparsityAfter(epoch);
        if (sparsity < 0) {
            return;
        }
        for (int k = 0; k < kernels.size(); k++) {
            NDArray kernel = kernels.get(k);
            float[] w = kernel.toFloatArray();
            int zeros = (int) Math.floor(sparsity * w.length);
            float[] magnitudes = new float[w.length];
            for (int i = 0; i < w.length; i++) {
                magnitudes[i] = Math.abs(w[i]);
            }
            float[] sorted = magnitudes.clone();
            Arrays.sort(sorted);
            float threshold = zeros == 0 ? -1f : sorted[zeros - 1];
            float[] mask = new float[w.length];
            int kept = 0;
            for (int i = 0; i < w.length; i++) {
                // ties at the threshold: the first ones (in order) past the count are kept, so exactly `zeros` go
                boolean keep = magnitudes[i] > threshold;
                mask[i] = keep ? 1f : 0f;
                kept += keep ? 1 : 0;
            }
            for (int i = 0; i < w.length && w.length - kept > zeros; i++) {
                if (mask[i] == 0f && magnitudes[i] == threshold) {
                    mask[i] = 1f;
                    kept++;
                }
            }
            replace(k, data.create(mask, kernel.getShape()));
        }
        apply();
    }

    /**
     * Keeps pruned weights at zero (after an optimizer step): in place, outside autograd — whatever grad mode the
     * worker thread was left in, an in-place change of a parameter that requires grad is refused by PyTorch.
     */
    void apply() {
        boolean grad = ai.djl.pytorch.jni.JniUtils.isGradMode();
        ai.djl.pytorch.jni.JniUtils.setGradMode(false);
        try {
            for (int k = 0; k < kernels.size(); k++) {
                if (masks[k] != null) {
                    kernels.get(k).muli(masks[k]);
                }
            }
        } finally {
            ai.djl.pytorch.jni.JniUtils.setGradMode(grad);
        }
    }

    /** The share of zero weights of all kernels together ({@code sparsity}) and of each layer's. */
    Map<String, Double> sparsity() {
        Map<String, Double> values = new LinkedHashMap<>();
        long zeros = 0;
        long total = 0;
        for (int k = 0; k < kernels.size(); k++) {
            float[] w = kernels.get(k).toFloatArray();
            long z = 0;
            for (float v : w) {
                z += v == 0f ? 1 : 0;
            }
            values.put("sparsity_layer" + layers.get(k), Evaluation.decimal((float) z / w.length));
            zeros += z;
            total += w.length;
        }
        Map<String, Double> all = new LinkedHashMap<>();
        all.put("sparsity", total == 0 ? 0 : Evaluation.decimal((float) zeros / total));
        all.putAll(values);
        return all;
    }

    private void replace(int k, NDArray mask) {
        if (masks[k] != null) {
            masks[k].close();
        }
        masks[k] = mask;
    }
}
