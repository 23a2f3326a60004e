package dev.kiln.djl;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Process-wide DJL settings, applied before the engine loads: offline (the native PyTorch library comes from
 * the classpath, nothing is downloaded at run time) and one inter-op thread (Kiln runs no parallel graphs; the
 * intra-op threads are set per run, see {@link ThreadPolicy}).
 */
final class DjlRuntime {
    static final String ENGINE = "PyTorch";

    private DjlRuntime() {}

    static synchronized Engine engine() {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
        return Engine.getEngine(ENGINE);
    }

    /**
     * Sets the engine's intra-op threads for the calling thread. PyTorch keeps the setting per thread (OpenMP's
     * nthreads of the caller; a thread that never set it starts from the last value set anywhere), so each run sets
     * it on its own training thread and runs trained at the same time keep their own.
     */
    static synchronized void useThreads(int threads) {
        engine();
        if (JniUtils.getNumThreads() != threads) {
            JniUtils.setNumThreads(threads);
        }
    }

    /** The device a run asked for: {@code auto} takes the first GPU when there is one. */
    static Device device(dev.kiln.run.spec.Device requested) {
        int gpus = engine().getGpuCount();
        return switch (requested) {
            case CPU -> Device.cpu();
            case GPU -> {
                if (gpus == 0) {
                    throw new dev.kiln.training.TrainingFailed(
                            "hyperparameters.device is gpu, but the engine on this instance reports no GPU");
                }
                yield Device.gpu(0);
            }
            case AUTO -> gpus > 0 ? Device.gpu(0) : Device.cpu();
        };
    }
}
