package dev.kiln.inference;

import dev.kiln.model.InputLayout;
import dev.kiln.model.ModelSpec;
import dev.kiln.run.Task;
import dev.kiln.training.TrainingJob;

/** Loads trained networks for inference; implemented by the {@code djl} module. */
public interface ModelRuntime {

    /**
     * The network of {@code spec} for {@code task}, taking inputs laid out as {@code input} says per row ((features),
     * or (channels, height, width) for images), with the given parameters.
     */
    LoadedNetwork load(ModelSpec spec, Task task, int classes, InputLayout input,
                       TrainingJob.CheckpointSource parameters);

    /**
     * Checks parameters that came from outside (an imported artifact, {@code size} bytes) before anything trusts
     * them: they must be exactly the parameters of the network of {@code spec} on {@code inputShape}, read without
     * allocating more than the file holds, and the network must compute finite outputs of the task's width.
     *
     * @throws IllegalArgumentException saying what does not fit
     */
    void verify(ModelSpec spec, Task task, int classes, InputLayout input, TrainingJob.CheckpointSource parameters,
                long size);

    /**
     * One parameter of a network: the model layer it belongs to (its index in the model's layers), its path in the
     * layer's block ({@code 01Conv2d_bias}), shape and values, row-major.
     */
    record Weights(int layer, String path, long[] shape, float[] values) {
        /** The parameter's own name: the last part of its path ({@code weight}, {@code bias}, {@code gamma}, …). */
        public String name() {
            return path.substring(path.lastIndexOf('_') + 1);
        }
    }

    /**
     * Writes a parameters file (as a run's model file) for the network of {@code spec} holding {@code parameters}
     * (every one of the network's, by layer and path, as {@link LoadedNetwork#parameters()} lists them).
     */
    void writeParameters(ModelSpec spec, Task task, int classes, InputLayout input, java.util.List<Weights> parameters,
                         java.io.OutputStream out) throws java.io.IOException;

    /** A network ready to predict; safe to call from several threads at once. */
    interface LoadedNetwork extends AutoCloseable {
        /** Raw outputs (logits, or standardised values) for {@code rows} rows of row-major (flattened) {@code features}. */
        float[] predict(float[] features, int rows);

        /**
         * The learned vectors of the model's {@code ordinal}-th embedding layer (in layer order), one row per id as
         * the layer reads them (row 0: unknown; row i + 1: ordinal category i).
         */
        float[][] embedding(int ordinal);

        /** Every parameter with the layer it belongs to, by layer and in each layer's order: for exports. */
        java.util.List<Weights> parameters();

        /** Bytes the parameters take, for the cache's memory bound. */
        long sizeBytes();

        @Override
        void close();
    }
}
