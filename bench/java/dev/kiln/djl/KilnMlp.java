package dev.kiln.djl;

import dev.kiln.feature.EncodedRows;
import dev.kiln.model.Activation;
import dev.kiln.model.LayerSpec;
import dev.kiln.model.ModelSpec;
import dev.kiln.run.spec.TrainingSpec;
import dev.kiln.run.Task;
import dev.kiln.training.Cancellation;
import dev.kiln.training.EpochReport;
import dev.kiln.training.TrainingJob;
import dev.kiln.training.TrainingListener;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The benchmark MLP trained through Kiln's engine: dense 64 relu → dropout 0.5 → dense 1 sigmoid, Adam 1e-3. */
final class KilnMlp {
    static final ModelSpec SPEC = new ModelSpec("bench", List.of(new LayerSpec.Dense(64, Activation.RELU, null),
            new LayerSpec.Dropout(null, null, 0.5), new LayerSpec.Dense(1, Activation.SIGMOID, null)));

    private KilnMlp() {}

    /** Adam 1e-3, no validation, seed 1, on the CPU; {@code threads} null chooses automatically. */
    static TrainingSpec hyperparameters(int epochs, int batchSize, Integer threads) {
        return TrainingSpec.fromJson("""
                {"epochs": %d, "batchSize": %d, "validationSplit": 0.0, "shuffle": true, "seed": 1, "device": "cpu",
                 "threads": %s, "optimizer": {"type": "adam", "learningRate": 0.001, "beta1": 0.9, "beta2": 0.999,
                 "epsilon": 1e-7, "weightDecay": 0.0}}""".formatted(epochs, batchSize, threads));
    }

    /**
     * Trains {@code 1 + epochs} epochs without validation and returns the samples per second of the last
     * {@code epochs} (the first is a warm-up, as in the other loops).
     */
    static double samplesPerSecond(DjlTrainingEngine engine, EncodedRows data, int batchSize, int epochs,
                                   Integer threads) {
        var hp = hyperparameters(epochs + 1, batchSize, threads);
        double[] seconds = {0};
        engine.train(TestJobs.job(SPEC, Task.BINARY, 2, data, hp), Listeners.onEpoch(report -> {
            if (report.epoch() > 1) {
                seconds[0] += data.rows() / report.samplesPerSecond();
            }
        }));
        return epochs * data.rows() / seconds[0];
    }
}
