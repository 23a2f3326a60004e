package dev.kiln.djl;

import dev.kiln.feature.EncodedRows;
import dev.kiln.model.Activation;
import dev.kiln.model.Initializer;
import dev.kiln.model.InputLayout;
import dev.kiln.model.LayerSpec;
import dev.kiln.model.ModelSpec;
import dev.kiln.model.Pooling;
import dev.kiln.run.Task;
import dev.kiln.run.spec.TrainingSpec;
import dev.kiln.training.Cancellation;
import dev.kiln.training.EpochReport;
import dev.kiln.training.TrainingJob;
import dev.kiln.training.TrainingSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

/**
 * Whether the same seed trains the same losses: an embedding bag with an l2 penalty on its lookups (matrix
 * factorization's kind), Adam, one intra-op thread, trained {@code repetitions} times in this process — alone, or
 * with {@code beside} (an MLP trained with 2 intra-op threads on another thread at the same time, as a second
 * concurrent run or a prediction would). Prints each repetition's losses and the first epoch where one differs from
 * the first repetition. Arguments: [repetitions=5] [beside=false].
 */
public final class DeterminismCheck {
    private static final int LENGTH = 8;
    private static final int IDS = 500;

    private DeterminismCheck() {}

    public static void main(String[] args) throws Exception {
        int repetitions = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        boolean beside = args.length > 1 && Boolean.parseBoolean(args[1]);
        var engine = new DjlTrainingEngine(TrainingSettings.defaults());
        Thread other = null;
        var stop = new java.util.concurrent.atomic.AtomicBoolean();
        if (beside) {
            other = new Thread(() -> {
                EncodedRows mlp = BenchData.binary(20_000, 10, 3);
                while (!stop.get()) {
                    KilnMlp.samplesPerSecond(engine, mlp, 64, 1, 2);
                }
            }, "beside");
            other.setDaemon(true);
            other.start();
        }
        List<List<Double>> losses = new ArrayList<>();
        for (int i = 0; i < repetitions; i++) {
            losses.add(train(engine).stream().map(m -> m.get("loss")).toList());
            System.out.println("repetition " + (i + 1) + ": " + losses.get(i));
        }
        stop.set(true);
        int differing = 0;
        for (int i = 1; i < repetitions; i++) {
            List<Double> a = losses.get(0);
            List<Double> b = losses.get(i);
            for (int e = 0; e < a.size(); e++) {
                if (!a.get(e).equals(b.get(e))) {
                    System.out.printf("repetition %d differs from the first from epoch %d on%n", i + 1, e + 1);
                    differing++;
                    break;
                }
            }
        }
        System.out.printf("SUMMARY determinism beside=%s: %d of %d repetitions differ from the first%n", beside,
                differing, repetitions - 1);
    }

    private static List<Map<String, Double>> train(DjlTrainingEngine engine) {
        Random random = new Random(7);
        int rows = 3000;
        float[] x = new float[rows * LENGTH];
        float[] y = new float[rows];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < LENGTH; i++) {
                int id = 1 + random.nextInt(IDS - 1);
                x[r * LENGTH + i] = id;
                y[r] = id < 40 ? 1f : y[r];
            }
        }
        var spec = new ModelSpec("bag", List.of(
                new LayerSpec.Embedding(null, null, IDS, 16, true, Initializer.RANDOM_UNIFORM, 0.1),
                new Pooling.GlobalAvgPool1d(null, null), new LayerSpec.Dense(1, Activation.SIGMOID, null)));
        var hp = TrainingSpec.fromJson("""
                {"epochs": 8, "batchSize": 64, "validationSplit": 0.0, "shuffle": true, "seed": 1, "device": "cpu",
                 "threads": 1, "optimizer": {"type": "adam", "learningRate": 0.01}}""");
        var layout = new InputLayout(new int[] {LENGTH}, List.of(new InputLayout.Column("ids", 0, LENGTH, IDS, 0)));
        var job = new TrainingJob(UUID.randomUUID(), spec, Task.BINARY, 2, new TrainingJob.Data(new EncodedRows(x, y,
                rows, LENGTH), Optional.empty(), Optional.empty(), 1.0), hp,
                TrainingJob.Control.plain(new Cancellation()), layout);
        Listeners listener = Listeners.quiet();
        engine.train(job, listener);
        return listener.epochs.stream().map(EpochReport::metrics).toList();
    }
}
