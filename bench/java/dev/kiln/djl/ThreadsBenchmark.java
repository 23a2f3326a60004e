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

/**
 * Where more engine threads start to pay: MLPs of growing width at two batch sizes, one thread against all
 * cores, alternating; prints the multiply-accumulates per batch that {@link ThreadPolicy} estimates next to
 * the measured ratio. Arguments: [repetitions=3].
 */
public final class ThreadsBenchmark {
    public static void main(String[] args) {
        int repetitions = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int cores = Runtime.getRuntime().availableProcessors();
        var engine = new DjlTrainingEngine(dev.kiln.training.TrainingSettings.defaults());
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
        var hp = KilnMlp.hyperparameters(2, batch, threads);
        double[] rate = {0};
        engine.train(TestJobs.job(spec, Task.REGRESSION, 1, data, hp), Listeners.onEpoch(r -> rate[0] = r.samplesPerSecond()));
        return rate[0];
    }
}
