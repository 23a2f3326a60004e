package dev.kiln.djl;

import dev.kiln.feature.EncodedRows;
import dev.kiln.model.Activation;
import dev.kiln.model.LayerSpec;
import dev.kiln.model.ModelSpec;
import dev.kiln.run.Hyperparameters;
import dev.kiln.run.OptimizerSpec;
import dev.kiln.run.Task;
import dev.kiln.training.Cancellation;
import dev.kiln.training.TrainingJob;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

/** Small, real training jobs for engine tests: two separable blobs. */
final class TestJobs {
    private TestJobs() {}

    static EncodedRows blobs(int rows, int width, long seed) {
        Random random = new Random(seed);
        float[] x = new float[rows * width];
        float[] y = new float[rows];
        for (int r = 0; r < rows; r++) {
            int label = r % 2;
            y[r] = label;
            for (int c = 0; c < width; c++) {
                x[r * width + c] = (float) (random.nextGaussian() + (label == 1 ? 1.5 : -1.5));
            }
        }
        return new EncodedRows(x, y, rows, width);
    }

    static ModelSpec mlp(int hidden, double dropout) {
        return new ModelSpec("mlp", List.of(
                new LayerSpec.Dense(hidden, Activation.RELU, null),
                new LayerSpec.Dropout(dropout),
                new LayerSpec.Dense(1, Activation.SIGMOID, null)));
    }

    static Hyperparameters hyperparameters(int epochs, int batchSize) {
        return new Hyperparameters(epochs, batchSize, 0.2, true, 42L,
                new OptimizerSpec("adam", 0.01, null, 0.9, 0.999, 1e-7, 0.0), "cpu", 1);
    }

    static TrainingJob binary(int epochs, Cancellation cancellation) {
        return new TrainingJob(UUID.randomUUID(), mlp(16, 0.2), Task.BINARY, 2, blobs(256, 4, 1),
                Optional.of(blobs(64, 4, 2)), Optional.of(blobs(64, 4, 3)), hyperparameters(epochs, 32), 1.0,
                cancellation);
    }
}
