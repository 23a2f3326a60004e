package dev.kiln.djl;

import dev.kiln.feature.EncodedRows;
import dev.kiln.model.Activation;
import dev.kiln.model.Initializer;
import dev.kiln.model.InputLayout;
import dev.kiln.model.LayerSpec;
import dev.kiln.model.ModelSpec;
import dev.kiln.model.Pooling;
import dev.kiln.model.Sequences;
import dev.kiln.run.Task;
import dev.kiln.run.spec.TrainingSpec;
import dev.kiln.training.Cancellation;
import dev.kiln.training.TrainingJob;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

/**
 * Kiln's loop against a plain PyTorch loop ({@code bench/python/torch_text.py}, Debian's python3-torch) on two text
 * classifiers over padded token ids (length 64, batch 64, 10,000 ids, Adam 1e-3): embedding 64 (mask zero) → LSTM 64
 * → dense 1, and an embedding bag (embedding 64, mask zero → masked mean) → dense 1. Both sides mask padding: Kiln
 * with its masks, PyTorch as its users do (packed sequences for the LSTM, the padding index excluded from the mean).
 * The token ids are synthetic: Zipf-distributed, 8 to 64 per row, the label whether one of a few ids occurs.
 * Usage: bench/text-vs-pytorch.sh [repetitions=5] [rows=20000]   (threads: KILN_BENCH_THREADS, default 1)
 */
public final class TextBenchmarks {
    static final int LENGTH = 64;
    static final int VOCABULARY = 10_000;
    static final int BATCH = 64;

    private TextBenchmarks() {}

    static ModelSpec lstm() {
        return new ModelSpec("bench-lstm", List.of(
                new LayerSpec.Embedding(null, null, null, 64, true, null),
                new Sequences.Lstm(null, null, 64, false, 0.0, 0.0, Initializer.GLOROT_UNIFORM, Initializer.ORTHOGONAL),
                new LayerSpec.Dense(1, Activation.SIGMOID, null)));
    }

    static ModelSpec bag() {
        return new ModelSpec("bench-bag", List.of(
                new LayerSpec.Embedding(null, null, null, 64, true, null),
                new Pooling.GlobalAvgPool1d(null, null),
                new LayerSpec.Dense(1, Activation.SIGMOID, null)));
    }

    /** Zipf-distributed ids (2 … VOCABULARY − 1), 8 to 64 per row then padding 0; label 1 when an id below 40 occurs. */
    static EncodedRows data(int rows, long seed) {
        Random random = new Random(seed);
        double[] cumulative = new double[VOCABULARY];
        double sum = 0;
        for (int id = 2; id < VOCABULARY; id++) {
            sum += 1.0 / (id - 1);
            cumulative[id] = sum;
        }
        float[] x = new float[rows * LENGTH];
        float[] y = new float[rows];
        for (int r = 0; r < rows; r++) {
            int length = 8 + random.nextInt(LENGTH - 7);
            for (int i = 0; i < length; i++) {
                double u = random.nextDouble() * sum;
                int id = java.util.Arrays.binarySearch(cumulative, 2, VOCABULARY, u);
                id = Math.min(VOCABULARY - 1, Math.max(2, id < 0 ? -id - 1 : id));
                x[r * LENGTH + i] = id;
                if (id >= 20 && id < 40) {
                    y[r] = 1f;
                }
            }
        }
        return new EncodedRows(x, y, rows, LENGTH);
    }

    public static void main(String[] args) throws IOException {
        int repetitions = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int threads = Integer.getInteger("kiln.bench.threads", 1);
        EncodedRows data = data(rows, 1);
        var engine = new DjlTrainingEngine(dev.kiln.training.TrainingSettings.defaults());
        System.out.printf("%s; %d intra-op thread(s); %d cores; %d rows of %d ids, batch %d%n", engine.describe(),
                threads, Runtime.getRuntime().availableProcessors(), rows, LENGTH, BATCH);
        Path file = write(data);
        for (String model : System.getProperty("kiln.bench.models", "lstm,bag").split(",")) {
            ModelSpec spec = model.equals("lstm") ? lstm() : bag();
            Bench.compare("text-vs-pytorch " + model + " rows=" + rows + " length=" + LENGTH + " batch=" + BATCH
                            + " threads=" + threads, repetitions,
                    "kiln", () -> kiln(engine, spec, data, threads),
                    "pytorch", () -> pytorch(model, file, rows, threads));
        }
    }

    /** The ids as little-endian int32 (rows × length), then the labels as float32. */
    static Path write(EncodedRows data) {
        try {
            Path file = Files.createTempFile("kiln-text-bench-", ".bin");
            file.toFile().deleteOnExit();
            ByteBuffer buffer = ByteBuffer.allocate(data.rows() * (LENGTH + 1) * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (float id : data.features()) {
                buffer.putInt((int) id);
            }
            for (float label : data.targets()) {
                buffer.putFloat(label);
            }
            Files.write(file, buffer.array());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static double pytorch(String model, Path file, int rows, int threads) {
        return PyTorchReference.samplesPerSecond("torch_text.py", "--model", model, "--data", file.toString(),
                "--rows", String.valueOf(rows), "--length", String.valueOf(LENGTH), "--vocabulary",
                String.valueOf(VOCABULARY), "--batch", String.valueOf(BATCH), "--threads", String.valueOf(threads));
    }

    /** Samples per second of one timed epoch after a warm-up epoch. */
    static double kiln(DjlTrainingEngine engine, ModelSpec spec, EncodedRows data, int threads) {
        var hp = TrainingSpec.fromJson("""
                {"epochs": 2, "batchSize": %d, "validationSplit": 0.0, "shuffle": true, "seed": 1, "device": "cpu",
                 "threads": %d, "optimizer": {"type": "adam", "learningRate": 0.001, "beta1": 0.9, "beta2": 0.999,
                 "epsilon": 1e-7, "weightDecay": 0.0}}""".formatted(BATCH, threads));
        var layout = new InputLayout(new int[] {LENGTH}, List.of(new InputLayout.Column("text", 0, LENGTH,
                VOCABULARY, 0)));
        var job = new TrainingJob(UUID.randomUUID(), spec, Task.BINARY, 2,
                new TrainingJob.Data(data, Optional.empty(), Optional.empty(), 1.0), hp,
                TrainingJob.Control.plain(new Cancellation()), layout);
        double[] seconds = {0};
        engine.train(job, Listeners.onEpoch(report -> {
            if (report.epoch() > 1) {
                seconds[0] += data.rows() / report.samplesPerSecond();
            }
        }));
        return data.rows() / seconds[0];
    }
}
