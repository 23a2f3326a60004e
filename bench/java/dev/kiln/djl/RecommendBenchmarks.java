package dev.kiln.djl;

import dev.kiln.feature.EncodedRows;
import dev.kiln.model.InputLayout;
import dev.kiln.model.LayerSpec;
import dev.kiln.model.MatrixFactorization;
import dev.kiln.model.ModelSpec;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Kiln's loop against a plain PyTorch loop ({@code bench/python/torch_mf.py}, Debian's python3-torch) on matrix
 * factorization with biases — Kiln's {@code matrixFactorization} shorthand, 32 factors, batch 256, Adam 1e-3, MSE on
 * standardised ratings — over the whole MovieLens ml-latest-small (100,004 ratings, 671 users, 9,066 movies),
 * alternating, same ids, same intra-op threads.
 * Usage: bench/recommend-vs-pytorch.sh [repetitions=5] [factors=32]   (threads: KILN_BENCH_THREADS, default 1)
 */
public final class RecommendBenchmarks {
    static final int BATCH = 256;

    private RecommendBenchmarks() {}

    /** User ids, item ids (0-based, in order of first appearance) and standardised ratings. */
    record Ratings(int[] users, int[] items, float[] ratings, int userCount, int itemCount) {}

    static Ratings read(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        int n = lines.size() - 1;
        int[] users = new int[n];
        int[] items = new int[n];
        double[] ratings = new double[n];
        Map<String, Integer> userIds = new HashMap<>();
        Map<String, Integer> itemIds = new HashMap<>();
        double sum = 0;
        for (int r = 0; r < n; r++) {
            String[] f = lines.get(r + 1).split(",");
            users[r] = userIds.computeIfAbsent(f[0], k -> userIds.size());
            items[r] = itemIds.computeIfAbsent(f[1], k -> itemIds.size());
            ratings[r] = Double.parseDouble(f[2]);
            sum += ratings[r];
        }
        double mean = sum / n;
        double squares = 0;
        for (double v : ratings) {
            squares += (v - mean) * (v - mean);
        }
        double std = Math.sqrt(squares / n);
        float[] standardised = new float[n];
        for (int r = 0; r < n; r++) {
            standardised[r] = (float) ((ratings[r] - mean) / std);
        }
        return new Ratings(users, items, standardised, userIds.size(), itemIds.size());
    }

    public static void main(String[] args) throws IOException {
        int repetitions = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int factors = args.length > 1 ? Integer.parseInt(args[1]) : MatrixFactorization.FACTORS;
        int threads = Integer.getInteger("kiln.bench.threads", 1);
        Ratings data = read(Path.of("bench/data/ml-latest-small/ratings.csv"));
        var engine = new DjlTrainingEngine(dev.kiln.training.TrainingSettings.defaults());
        System.out.printf("%s; %d intra-op thread(s); %d cores; %d ratings, %d users, %d items, %d factors, batch %d%n",
                engine.describe(), threads, Runtime.getRuntime().availableProcessors(), data.ratings().length,
                data.userCount(), data.itemCount(), factors, BATCH);
        Path file = write(data);
        Bench.compare("recommend-vs-pytorch mf factors=" + factors + " batch=" + BATCH + " threads=" + threads,
                repetitions, "kiln", () -> kiln(engine, data, factors, threads),
                "pytorch", () -> PyTorchReference.samplesPerSecond("torch_mf.py", "--data", file.toString(),
                        "--rows", String.valueOf(data.ratings().length), "--users", String.valueOf(data.userCount()),
                        "--items", String.valueOf(data.itemCount()), "--factors", String.valueOf(factors),
                        "--batch", String.valueOf(BATCH), "--threads", String.valueOf(threads)));
    }

    static Path write(Ratings data) {
        try {
            Path file = Files.createTempFile("kiln-mf-bench-", ".bin");
            file.toFile().deleteOnExit();
            int n = data.ratings().length;
            ByteBuffer buffer = ByteBuffer.allocate(n * 12).order(ByteOrder.LITTLE_ENDIAN);
            for (int u : data.users()) {
                buffer.putInt(u);
            }
            for (int i : data.items()) {
                buffer.putInt(i);
            }
            for (float r : data.ratings()) {
                buffer.putFloat(r);
            }
            Files.write(file, buffer.array());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Samples per second of one timed epoch after a warm-up epoch. */
    static double kiln(DjlTrainingEngine engine, Ratings data, int factors, int threads) {
        int n = data.ratings().length;
        float[] x = new float[n * 2];
        for (int r = 0; r < n; r++) {
            x[2 * r] = data.users()[r];
            x[2 * r + 1] = data.items()[r];
        }
        var hp = TrainingSpec.fromJson("""
                {"epochs": 2, "batchSize": %d, "validationSplit": 0.0, "shuffle": true, "seed": 1, "device": "cpu",
                 "threads": %d, "optimizer": {"type": "adam", "learningRate": 0.001, "beta1": 0.9, "beta2": 0.999,
                 "epsilon": 1e-7, "weightDecay": 0.0}}""".formatted(BATCH, threads));
        ModelSpec mf = new ModelSpec("bench-mf", List.<LayerSpec>of(new MatrixFactorization(null, null, factors, true,
                null)));
        mf = new ModelSpec(mf.name(), mf.layers().stream().map(l -> l instanceof LayerSpec.Input in
                ? new LayerSpec.Input(in.name(), null, List.of(in.name()), null) : l).toList());
        var layout = new InputLayout(new int[] {2}, List.of(
                new InputLayout.Column("user", 0, 1, data.userCount() + 1, 1),
                new InputLayout.Column("item", 1, 1, data.itemCount() + 1, 1)));
        var job = new TrainingJob(UUID.randomUUID(), mf, Task.RATING, 1,
                new TrainingJob.Data(new EncodedRows(x, data.ratings(), n, 2), Optional.empty(), Optional.empty(),
                        1.0), hp, TrainingJob.Control.plain(new Cancellation()), layout);
        double[] seconds = {0};
        engine.train(job, Listeners.onEpoch(report -> {
            if (report.epoch() > 1) {
                seconds[0] += n / report.samplesPerSecond();
            }
        }));
        return n / seconds[0];
    }
}
