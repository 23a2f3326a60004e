package dev.kiln.djl;

import dev.kiln.feature.EncodedRows;
import dev.kiln.model.Activation;
import dev.kiln.model.InputLayout;
import dev.kiln.model.LayerSpec;
import dev.kiln.model.ModelSpec;
import dev.kiln.run.Task;
import dev.kiln.training.Cancellation;
import dev.kiln.training.TrainingJob;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A stack written as a graph against the same stack written as a list: the benchmark MLP (dense 64 relu → dropout 0.5
 * → dense 1, Adam 1e-3, 100k rows × 10 features) once as Kiln's sequential block, once as a graph — an input layer
 * naming the ten columns and every layer naming its input — which runs through the graph executor (column slicing,
 * per-layer dispatch). Same process, same data and threads, alternating, medians.
 * Usage: bench/graph.sh [repetitions=5] [batch=256]
 */
public final class GraphBenchmarks {
    private GraphBenchmarks() {}

    static final ModelSpec GRAPH = new ModelSpec("bench-graph", List.of(
            new LayerSpec.Input("features", null, columns(), null),
            new LayerSpec.Dense("hidden", List.of("features"), 64, Activation.RELU, null, null, null, null, null),
            new LayerSpec.Dropout("dropout", List.of("hidden"), 0.5),
            new LayerSpec.Dense("output", List.of("dropout"), 1, Activation.SIGMOID, null, null, null, null, null)));

    private static List<String> columns() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < MlpBenchmarks.WIDTH; i++) {
            names.add("x" + i);
        }
        return names;
    }

    private static InputLayout layout() {
        List<InputLayout.Column> columns = new ArrayList<>();
        for (int i = 0; i < MlpBenchmarks.WIDTH; i++) {
            columns.add(new InputLayout.Column("x" + i, i, 1));
        }
        return new InputLayout(new int[] {MlpBenchmarks.WIDTH}, columns);
    }

    public static void main(String[] args) {
        int repetitions = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 256;
        int threads = Integer.getInteger("kiln.bench.threads", 1);
        EncodedRows data = BenchData.binary(MlpBenchmarks.ROWS, MlpBenchmarks.WIDTH, 1);
        var engine = new DjlTrainingEngine(dev.kiln.training.TrainingSettings.defaults());
        System.out.printf("%s; %d intra-op thread(s); %d cores%n", engine.describe(), threads,
                Runtime.getRuntime().availableProcessors());
        Bench.compare("graph-vs-stack batch=" + batch + " threads=" + threads, repetitions,
                "graph", () -> samplesPerSecond(engine, GRAPH, layout(), data, batch, threads),
                "stack", () -> samplesPerSecond(engine, KilnMlp.SPEC, InputLayout.of(new int[] {MlpBenchmarks.WIDTH}),
                        data, batch, threads));
    }

    /** Samples per second of 3 timed epochs after a warm-up epoch. */
    private static double samplesPerSecond(DjlTrainingEngine engine, ModelSpec spec, InputLayout layout,
                                           EncodedRows data, int batch, int threads) {
        int epochs = MlpBenchmarks.EPOCHS;
        var job = new TrainingJob(UUID.randomUUID(), spec, Task.BINARY, 2,
                new TrainingJob.Data(data, Optional.empty(), Optional.empty(), 1.0),
                KilnMlp.hyperparameters(epochs + 1, batch, threads), TrainingJob.Control.plain(new Cancellation()),
                layout);
        double[] seconds = {0};
        engine.train(job, Listeners.onEpoch(report -> {
            if (report.epoch() > 1) {
                seconds[0] += data.rows() / report.samplesPerSecond();
            }
        }));
        return epochs * data.rows() / seconds[0];
    }
}
