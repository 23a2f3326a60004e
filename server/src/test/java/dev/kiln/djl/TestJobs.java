package dev.kiln.djl;

import dev.kiln.model.Convolutions;
import dev.kiln.feature.EncodedRows;
import dev.kiln.model.Activation;
import dev.kiln.model.LayerSpec;
import dev.kiln.model.ModelSpec;
import dev.kiln.model.Pooling;
import dev.kiln.run.Task;
import dev.kiln.run.spec.TrainingSpec;
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
                new LayerSpec.Dropout(null, null, dropout),
                new LayerSpec.Dense(1, Activation.SIGMOID, null)));
    }

    static TrainingSpec hyperparameters(int epochs, int batchSize) {
        return TrainingSpec.fromJson("""
                {"epochs": %d, "batchSize": %d, "validationSplit": 0.2, "shuffle": true, "seed": 42, "device": "cpu",
                 "threads": 1, "optimizer": {"type": "adam", "learningRate": 0.01, "beta1": 0.9, "beta2": 0.999,
                 "epsilon": 1e-7, "weightDecay": 0.0}}""".formatted(epochs, batchSize));
    }

    static TrainingJob withHyperparameters(TrainingJob job, String json) {
        return new TrainingJob(job.runId(), job.model(), job.task(), job.classes(), job.data(),
                TrainingSpec.fromJson(json), job.control());
    }

    static TrainingJob withControl(TrainingJob job, TrainingJob.Control control) {
        return new TrainingJob(job.runId(), job.model(), job.task(), job.classes(), job.data(), job.spec(),
                control);
    }

    static TrainingJob withTrainingRows(TrainingJob job, EncodedRows train) {
        var data = new TrainingJob.Data(train, job.validation(), job.test(), job.targetScale());
        return new TrainingJob(job.runId(), job.model(), job.task(), job.classes(), data, job.spec(),
                job.control());
    }

    /** A job on {@code train} alone (no validation or test split). */
    static TrainingJob job(ModelSpec spec, Task task, int classes, EncodedRows train, TrainingSpec hp) {
        return new TrainingJob(UUID.randomUUID(), spec, task, classes,
                new TrainingJob.Data(train, Optional.empty(), Optional.empty(), 1.0), hp,
                TrainingJob.Control.plain(new Cancellation()));
    }

    static TrainingJob binary(int epochs, Cancellation cancellation) {
        return new TrainingJob(UUID.randomUUID(), mlp(16, 0.2), Task.BINARY, 2,
                new TrainingJob.Data(blobs(256, 4, 1), Optional.of(blobs(64, 4, 2)), Optional.of(blobs(64, 4, 3)), 1.0),
                hyperparameters(epochs, 32), TrainingJob.Control.plain(cancellation));
    }

    /** Gray 8×8 images of two classes: a bright blob in the top half (0) or the bottom half (1), with noise. */
    static EncodedRows halves(int rows, long seed) {
        Random random = new Random(seed);
        byte[] pixels = new byte[rows * 64];
        float[] y = new float[rows];
        for (int r = 0; r < rows; r++) {
            int label = r % 2;
            y[r] = label;
            int cy = label == 0 ? 1 + random.nextInt(2) : 5 + random.nextInt(2);
            int cx = 1 + random.nextInt(6);
            for (int i = 0; i < 64; i++) {
                int py = i / 8;
                int px = i % 8;
                double v = 40 + 30 * random.nextGaussian();
                if (Math.abs(py - cy) <= 1 && Math.abs(px - cx) <= 1) {
                    v += 160;
                }
                pixels[r * 64 + i] = (byte) Math.max(0, Math.min(255, (int) v));
            }
        }
        return EncodedRows.images(pixels, y, rows, 64);
    }

    static ModelSpec smallCnn() {
        return new ModelSpec("cnn", List.of(
                new Convolutions.Conv2d(4, 3, Activation.RELU),
                new LayerSpec.BatchNorm(null, null, null, null),
                new Pooling.MaxPool2d(null, null, null, null, null),
                new LayerSpec.Flatten(null, null),
                new LayerSpec.Dropout(null, null, 0.2),
                new LayerSpec.Dense(1, Activation.SIGMOID, null)));
    }

    /** A binary image job with per-channel normalization and every augmentation that keeps the halves apart. */
    static TrainingJob images(int epochs, Cancellation cancellation) {
        var input = new dev.kiln.feature.ImageInput(1, 8, 8, List.of(0.2), List.of(0.25));
        var augmentation = new dev.kiln.run.spec.Augmentation(true, null, new dev.kiln.run.spec.Augmentation.RandomCrop(1), 10.0,
                0.1, 0.2);
        var data = new TrainingJob.Data(halves(256, 1), Optional.of(halves(64, 2)), Optional.of(halves(64, 3)), 1.0,
                List.of("top", "bottom"), null, input, augmentation);
        return new TrainingJob(UUID.randomUUID(), smallCnn(), Task.BINARY, 2, data, hyperparameters(epochs, 32),
                TrainingJob.Control.plain(cancellation));
    }
}
