package dev.kiln.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Records the autograd graph on this thread for one step, then backpropagates a scalar loss. DJL's own
 * {@code GradientCollector} allows one collector per process (a static flag), which would serialise
 * concurrent runs; PyTorch's grad mode is per thread, so this scope is too.
 */
final class Backprop implements AutoCloseable {
    private final boolean previous;

    Backprop() {
        previous = JniUtils.isGradMode();
        JniUtils.setGradMode(true);
    }

    /** Computes the gradients of the scalar {@code loss}; {@code one} is a scalar 1 on the loss's device. */
    void backward(NDArray loss, NDArray one) {
        JniUtils.backward((PtNDArray) loss, (PtNDArray) one, false, false);
    }

    @Override
    public void close() {
        JniUtils.setGradMode(previous);
    }
}
