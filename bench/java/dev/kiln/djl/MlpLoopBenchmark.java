package dev.kiln.djl;

import dev.kiln.feature.EncodedRows;
import dev.kiln.model.Activation;
import dev.kiln.model.LayerSpec;
import dev.kiln.model.ModelSpec;
import dev.kiln.run.Hyperparameters;
import dev.kiln.run.OptimizerSpec;
import dev.kiln.run.Task;
import dev.kiln.training.Cancellation;
import dev.kiln.training.EpochReport;
import dev.kiln.training.TrainingJob;
import dev.kiln.training.TrainingListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Kiln's training loop against the minimal hand-written DJL loop, in one process, on the same data:
 * 100k synthetic rows × 10 features, dense 64 relu → dropout 0.5 → dense 1, Adam 1e-3, 3 epochs.
 * Runs alternate (Kiln, minimal, Kiln, …) after one warm-up each; the summary compares medians.
 * Arguments: [repetitions=5] [batchSize=256].
 */
public final class MlpLoopBenchmark {
    private static final int ROWS = 100_000;
    private static final int WIDTH = 10;
    private static final int EPOCHS = 3;

    public static void main(String[] args) {
        int repetitions = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int batchSize = args.length > 1 ? Integer.parseInt(args[1]) : 256;
        EncodedRows data = BenchData.binary(ROWS, WIDTH, 1);
        var engine = new DjlTrainingEngine();
        System.out.printf("engine %s, intra-op threads %s, batch %d, %d reps%n", engine.describe(),
                System.getProperty("ai.djl.pytorch.num_threads", "default"), batchSize, repetitions);
        kiln(engine, data, batchSize);
        MinimalDjlLoop.train(data, EPOCHS, batchSize, 1);
        List<Double> kiln = new ArrayList<>();
        List<Double> minimal = new ArrayList<>();
        for (int i = 0; i < repetitions; i++) {
            kiln.add(EPOCHS * ROWS / kiln(engine, data, batchSize));
            minimal.add(EPOCHS * ROWS / MinimalDjlLoop.train(data, EPOCHS, batchSize, 1));
        }
        double k = Medians.median(kiln);
        double m = Medians.median(minimal);
        System.out.printf("kiln samples/s %s%nminimal samples/s %s%n", Medians.format(kiln), Medians.format(minimal));
        System.out.printf("SUMMARY mlp-loop batch=%d: kiln %.0f samples/s, minimal DJL loop %.0f samples/s, "
                + "ratio %.2f (medians of %d)%n", batchSize, k, m, k / m, repetitions);
    }

    /** Trains through the service's engine; returns the training seconds of the three epochs. */
    static double kiln(DjlTrainingEngine engine, EncodedRows data, int batchSize) {
        var spec = new ModelSpec("bench", List.of(new LayerSpec.Dense(64, Activation.RELU, null),
                new LayerSpec.Dropout(0.5), new LayerSpec.Dense(1, Activation.SIGMOID, null)));
        var hp = new Hyperparameters(EPOCHS, batchSize, 0.0, true, 1L,
                new OptimizerSpec("adam", 1e-3, null, 0.9, 0.999, 1e-7, 0.0), "cpu");
        var job = new TrainingJob(UUID.randomUUID(), spec, Task.BINARY, 2, data, Optional.empty(), Optional.empty(),
                hp, 1.0, new Cancellation());
        double[] seconds = {0};
        engine.train(job, new TrainingListener() {
            @Override
            public void started(String device) {
            }

            @Override
            public void epochEnded(EpochReport report) {
                seconds[0] += ROWS / report.samplesPerSecond();
            }
        });
        return seconds[0];
    }
}
