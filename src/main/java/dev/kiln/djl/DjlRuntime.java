package dev.kiln.djl;

import ai.djl.Device;
import ai.djl.engine.Engine;

/**
 * Process-wide DJL settings, applied before the engine loads: offline (the native PyTorch library comes from
 * the classpath, nothing is downloaded at run time).
 */
final class DjlRuntime {
    static final String ENGINE = "PyTorch";

    private DjlRuntime() {}

    static synchronized Engine engine() {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        return Engine.getEngine(ENGINE);
    }

    /** The device a run asked for: {@code auto} takes the first GPU when there is one. */
    static Device device(String requested) {
        int gpus = engine().getGpuCount();
        return switch (requested) {
            case "cpu" -> Device.cpu();
            case "gpu" -> {
                if (gpus == 0) {
                    throw new dev.kiln.training.TrainingFailed(
                            "hyperparameters.device is gpu, but the engine on this instance reports no GPU");
                }
                yield Device.gpu(0);
            }
            default -> gpus > 0 ? Device.gpu(0) : Device.cpu();
        };
    }
}
