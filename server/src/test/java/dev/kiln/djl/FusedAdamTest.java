package dev.kiln.djl;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * PyTorch's fused Adam, called through the TorchScript module, updates as DJL's native Adam does (Kiln's update
 * until now): the same weights and moments after 20 steps, up to float rounding — for Adam, Adam with L2 weight
 * decay and AdamW.
 */
class FusedAdamTest {
    @ParameterizedTest(name = "decay {0}, decoupled {1}")
    @CsvSource({"0.0, false", "0.01, false", "0.01, true"})
    void theFusedUpdateEqualsDjlsAdamUpToRounding(float decay, boolean decoupled) {
        DjlRuntime.engine();
        try (NDManager manager = NDManager.newBaseManager(DjlRuntime.ENGINE)) {
            manager.getEngine().setRandomSeed(3);
            Shape shape = new Shape(50, 8);
            PtNDArray w1 = (PtNDArray) manager.randomNormal(shape);
            PtNDArray w2 = (PtNDArray) w1.duplicate();
            PtNDArray m1 = (PtNDArray) manager.zeros(shape);
            PtNDArray v1 = (PtNDArray) manager.zeros(shape);
            PtNDArray m2 = (PtNDArray) manager.zeros(shape);
            PtNDArray v2 = (PtNDArray) manager.zeros(shape);
            w2.setRequiresGradient(true);
            float lr = 0.01f;
            try (FusedAdam fused = new FusedAdam(List.of(w2), List.of(m2), List.of(v2), (PtNDManager) manager)) {
                for (int t = 1; t <= 20; t++) {
                    NDArray g = manager.randomNormal(shape).mul(0.1f);
                    float corrected = (float) (lr * Math.sqrt(1 - Math.pow(0.999, t)) / (1 - Math.pow(0.9, t)));
                    JniUtils.adamUpdate(w1, (PtNDArray) g, m1, v1, lr, corrected, decay, 1f, -1f, 0.9f, 0.999f,
                            1e-7f, decoupled);
                    try (var collector = manager.getEngine().newGradientCollector()) {
                        collector.backward(w2.mul(g).sum()); // leaves g as w2's gradient
                    }
                    fused.step(t, lr, 0.9, 0.999, 1e-7, decay, decoupled, 0, 0);
                    assertThat(w2.getGradient().abs().sum().getFloat()).as("gradients zeroed").isZero();
                }
            }
            assertThat(w1.sub(w2).abs().max().getFloat()).isLessThan(1e-5f);
            assertThat(m1.sub(m2).abs().max().getFloat()).isLessThan(1e-6f);
            assertThat(v1.sub(v2).abs().max().getFloat()).isLessThan(1e-6f);
        }
    }
}
