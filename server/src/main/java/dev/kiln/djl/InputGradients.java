package dev.kiln.djl;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.kiln.inference.ModelRuntime;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Gradients of one output value per row with respect to the row's inputs, for attributions (integrated gradients):
 * the inputs become leaves of the autograd graph, the network runs in inference mode (dropout off, batch
 * normalization on its running statistics), and one backward pass per chunk of rows fills their gradients. The
 * parameters enter the graph detached ({@link Detached}), so backward reaches the inputs only: nothing accumulates on
 * the shared weights, and concurrent callers share them read-only. (Freezing the parameters instead would change how
 * PyTorch runs a recurrent layer for predictions too: another kernel, other rounding.)
 */
final class InputGradients {
    /** The path scales of the forward pass this thread is in, read by {@link EmbeddingBlock}; null outside one. */
    private static final ThreadLocal<NDArray> PATH_SCALES = new ThreadLocal<>();

    private InputGradients() {}

    /** The current forward pass's per-row path scales, shape (batch), or null when no attribution is running. */
    static @Nullable NDArray pathScales() {
        return PATH_SCALES.get();
    }

    static ModelRuntime.Gradients of(Model model, Block block, int[] inputShape, int chunk, float[] features, int rows,
                                     int[] outputs, ModelRuntime.Readout readout, float @Nullable [] pathScales) {
        DjlRuntime.useThreads(1);
        // where the engine computes a batched convolution's input gradient wrongly (ConvolutionCheck: oneDNN above
        // AVX on some CPUs), it is still right one sample at a time
        chunk = convolves(block) && ConvolutionCheck.problem() != null ? 1 : chunk;
        int width = features.length / rows;
        float[] values = new float[rows];
        float[] gradients = new float[features.length];
        try (Backprop backprop = new Backprop()) {
            for (int from = 0; from < rows; from += chunk) {
                int to = Math.min(rows, from + chunk);
                try (NDManager scope = model.getNDManager().newSubManager()) {
                    NDArray x = scope.create(Arrays.copyOfRange(features, from * width, to * width),
                            TrainingLoop.batchOf(to - from, inputShape));
                    x.setRequiresGradient(true);
                    NDArray out;
                    if (pathScales != null) {
                        PATH_SCALES.set(scope.create(Arrays.copyOfRange(pathScales, from, to)));
                    }
                    try {
                        out = block.forward(new Detached(scope), new NDList(x), false).singletonOrThrow();
                    } finally {
                        PATH_SCALES.remove();
                    }
                    NDArray value = readout(out.reshape(to - from, -1), Arrays.copyOfRange(outputs, from, to), readout);
                    backprop.backward(value.sum(), scope.ones(new Shape()));
                    System.arraycopy(value.toFloatArray(), 0, values, from, to - from);
                    System.arraycopy(x.getGradient().toFloatArray(), 0, gradients, from * width, (to - from) * width);
                }
            }
        }
        return new ModelRuntime.Gradients(values, gradients);
    }

    /** Parameters as views without gradients, in the caller's scope (closed with it). */
    private static final class Detached extends ParameterStore {
        private final NDManager scope;

        Detached(NDManager scope) {
            super(scope, false);
            this.scope = scope;
        }

        @Override
        public NDArray getValue(ai.djl.nn.Parameter parameter, ai.djl.Device device, boolean training) {
            NDArray detached = super.getValue(parameter, device, training).stopGradient();
            detached.attach(scope);
            return detached;
        }
    }

    /** Whether a convolution is anywhere in {@code block}. */
    static boolean convolves(Block block) {
        return block instanceof ai.djl.nn.convolutional.Convolution
                || block.getChildren().values().stream().anyMatch(InputGradients::convolves);
    }

    /** Per row, the raw output or the class probability the caller asked for, shape (rows). */
    private static NDArray readout(NDArray out, int[] outputs, ModelRuntime.Readout readout) {
        int rows = (int) out.getShape().get(0);
        int width = (int) out.getShape().get(1);
        if (readout != ModelRuntime.Readout.VALUE && width == 1) {
            float[] signs = new float[rows];
            for (int r = 0; r < rows; r++) {
                signs[r] = outputs[r] == 1 ? 1f : -1f;
            }
            NDArray logit = out.reshape(rows).mul(out.getManager().create(signs));
            return readout == ModelRuntime.Readout.LOGIT ? logit : ai.djl.nn.Activation.sigmoid(logit);
        }
        float[] picks = new float[rows * width];
        for (int r = 0; r < rows; r++) {
            picks[r * width + outputs[r]] = 1f;
        }
        NDArray pick = out.getManager().create(picks, new Shape(rows, width));
        NDArray scores = readout == ModelRuntime.Readout.PROBABILITY ? out.softmax(1) : out;
        return scores.mul(pick).sum(new int[] {1});
    }
}
