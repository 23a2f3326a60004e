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
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Where more engine threads start to pay: MLPs of growing width at two batch sizes, one thread against all
 * cores, alternating; prints the multiply-accumulates per batch that {@link ThreadPolicy} estimates next to
 * the measured ratio. Arguments: [repetitions=3].
 */
public final class ThreadsBenchmark {
    public static void main(String[] args) {
        int repetitions = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int cores = Runtime.getRuntime().availableProcessors();
        var engine = new DjlTrainingEngine(new dev.kiln.training.TrainingSettings(1, java.time.Duration.ofSeconds(1), 0));
        EncodedRows data = BenchData.binary(20_000, 32, 1);
        for (int hidden : new int[] {64, 256, 1024}) {
            for (int batch : new int[] {32, 256}) {
                ModelSpec spec = new ModelSpec("w" + hidden, List.of(new LayerSpec.Dense(hidden, Activation.RELU, null),
                        new LayerSpec.Dense(hidden, Activation.RELU, null), new LayerSpec.Dense(1, null, null)));
                long macs = ThreadPolicy.multiplyAccumulatesPerBatch(spec, data.width(), batch);
                Bench.compare("threads hidden=" + hidden + " batch=" + batch + " macs/batch=" + macs, repetitions,
                        "1-thread", () -> run(engine, spec, data, batch, 1),
                        cores + "-threads", () -> run(engine, spec, data, batch, cores));
            }
        }
    }

    private static double run(DjlTrainingEngine engine, ModelSpec spec, EncodedRows data, int batch, int threads) {
        var hp = new Hyperparameters(2, batch, 0.0, true, 1L,
                new OptimizerSpec("adam", 1e-3, null, 0.9, 0.999, 1e-7, 0.0), "cpu", threads);
        var job = new TrainingJob(UUID.randomUUID(), spec, Task.REGRESSION, 1, data, Optional.empty(),
                Optional.empty(), hp, 1.0, new Cancellation());
        double[] rate = {0};
        engine.train(job, new TrainingListener() {
            @Override
            public void started(String device, int threads) {
            }

            @Override
            public void epochEnded(EpochReport report) {
                rate[0] = report.samplesPerSecond();
            }
        });
        return rate[0];
    }
}
