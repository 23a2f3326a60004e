package dev.kiln.inference;

import dev.kiln.model.InputLayout;
import dev.kiln.model.ModelSpec;
import dev.kiln.run.Task;
import dev.kiln.training.TrainingJob;
import org.jspecify.annotations.Nullable;

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

    /**
     * Which value of a network's outputs {@link LoadedNetwork#gradients} differentiates: a raw output (a regression's
     * value), a class's logit (for one output, the logit itself for class 1 and its negation for class 0), or a
     * class's probability.
     */
    enum Readout { VALUE, LOGIT, PROBABILITY }

    /** Per row the value differentiated, and its gradients with respect to the row's inputs (row-major). */
    record Gradients(float[] values, float[] gradients) {}

    /** A network ready to predict; safe to call from several threads at once. */
    interface LoadedNetwork extends AutoCloseable {
        /** Raw outputs (logits, or standardised values) for {@code rows} rows of row-major (flattened) {@code features}. */
        float[] predict(float[] features, int rows);

        /**
         * The learned vectors of the model's {@code ordinal}-th embedding layer (in layer order), one row per id as
         * the layer reads them (row 0: unknown; row i + 1: ordinal category i).
         */
        float[][] embedding(int ordinal);

        /**
         * What attributions need: for each of {@code rows} rows of {@code features}, one value the network computes —
         * the raw output {@code outputs[r]} ({@link Readout#VALUE}), or the logit or probability of class
         * {@code outputs[r]} (see {@link Readout}) — and its gradient with respect to every input of the row, in inference mode.
         * With {@code pathScales} (one per row), every embedding's looked-up vectors are multiplied by the row's scale,
         * and the gradient of an input an embedding reads is the derivative along that scale, Σ vector · ∂value/∂vector:
         * integrated gradients over embeddings, whose ids cannot move.
         */
        Gradients gradients(float[] features, int rows, int[] outputs, Readout readout, float @Nullable [] pathScales);

        /** Every parameter with the layer it belongs to, by layer and in each layer's order: for exports. */
        java.util.List<Weights> parameters();

        /** Bytes the parameters take, for the cache's memory bound. */
        long sizeBytes();

        @Override
        void close();
    }
}
