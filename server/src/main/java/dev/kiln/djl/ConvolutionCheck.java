package dev.kiln.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this engine computes a convolution's gradients right. PyTorch 2.7.1's oneDNN kernels for AVX2 and AVX-512
 * get the input gradient of a batched convolution wrong on some CPUs (seen on AMD EPYC, and with them recurrent
 * outputs and NaN losses); capped at AVX ({@code ONEDNN_MAX_CPU_ISA=AVX}, as Kiln's Dockerfile, Maven build and
 * benchmarks set it) they are right. Checked once, on two 4×4 images of ones through a 3×3 kernel of ones, whose
 * input gradient counts the windows covering each pixel.
 */
final class ConvolutionCheck {
    private static final Logger log = LoggerFactory.getLogger(ConvolutionCheck.class);
    private static final float[] WINDOWS = {1, 2, 2, 1, 2, 4, 4, 2, 2, 4, 4, 2, 1, 2, 2, 1};
    private static volatile @Nullable String problem;
    private static volatile boolean checked;

    private ConvolutionCheck() {}

    /** What is wrong with this engine's convolution gradients, or null when they are right. */
    static synchronized @Nullable String problem() {
        if (!checked) {
            problem = check();
            checked = true;
            if (problem != null) {
                log.error("{}", problem);
            }
        }
        return problem;
    }

    private static @Nullable String check() {
        try (NDManager manager = NDManager.newBaseManager(DjlRuntime.ENGINE); Backprop backprop = new Backprop()) {
            NDArray x = manager.ones(new Shape(2, 1, 4, 4));
            x.setRequiresGradient(true);
            NDArray y = Conv2d.conv2d(x, manager.ones(new Shape(1, 1, 3, 3)), null, new Shape(1, 1), new Shape(0, 0),
                    new Shape(1, 1), 1).singletonOrThrow();
            backprop.backward(y.sum(), manager.ones(new Shape()));
            float[] gradient = x.getGradient().toFloatArray();
            for (int i = 0; i < gradient.length; i++) {
                if (gradient[i] != WINDOWS[i % WINDOWS.length]) {
                    return "this engine computes wrong convolution gradients (oneDNN's kernels on this CPU, "
                            + "ONEDNN_MAX_CPU_ISA=" + System.getenv().getOrDefault("ONEDNN_MAX_CPU_ISA", "unset")
                            + "): convolutional and recurrent models would train on wrong gradients; start Kiln with "
                            + "ONEDNN_MAX_CPU_ISA=AVX";
                }
            }
            return null;
        }
    }
}
