package dev.kiln.djl;

import dev.kiln.feature.EncodedRows;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The MLP benchmarks: 100k synthetic rows × 10 features, dense 64 relu → dropout 0.5 → dense 1, Adam 1e-3,
 * 3 timed epochs after a warm-up epoch, alternating contenders, medians.
 * <ul>
 *   <li>{@code loop [reps] [batch]}: Kiln's loop against the minimal hand-written DJL loop, same process;</li>
 *   <li>{@code torch [reps] [batch...]}: Kiln's loop against the plain PyTorch loop of
 *       {@code bench/python/torch_mlp.py} (Debian's python3-torch) with the same number of threads.</li>
 * </ul>
 * The engine threads come from {@code -Dkiln.bench.threads} (default 1) and are given to both sides.
 */
public final class MlpBenchmarks {
    static final int ROWS = 100_000;
    static final int WIDTH = 10;
    static final int EPOCHS = 3;

    public static void main(String[] args) throws IOException {
        String which = args.length > 0 ? args[0] : "loop";
        int repetitions = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int threads = Integer.getInteger("kiln.bench.threads", 1);
        EncodedRows data = BenchData.binary(ROWS, WIDTH, 1);
        var engine = new DjlTrainingEngine(dev.kiln.training.TrainingSettings.defaults());
        DjlRuntime.useThreads(threads); // for the minimal loop; Kiln's runs set it themselves
        System.out.printf("%s; %d intra-op thread(s); %d cores%n", engine.describe(), threads,
                Runtime.getRuntime().availableProcessors());
        if (which.equals("torch")) {
            List<Integer> batches = args.length > 2
                    ? java.util.Arrays.stream(args, 2, args.length).map(Integer::valueOf).toList() : List.of(256, 32);
            Path file = write(data);
            for (int batch : batches) {
                Bench.compare("mlp-vs-pytorch batch=" + batch + " threads=" + threads, repetitions,
                        "kiln", () -> KilnMlp.samplesPerSecond(engine, data, batch, EPOCHS, threads),
                        "pytorch", () -> pytorch(file, batch, threads));
            }
        } else {
            int batch = args.length > 2 ? Integer.parseInt(args[2]) : 256;
            Bench.compare("mlp-loop batch=" + batch + " threads=" + threads, repetitions,
                    "kiln", () -> KilnMlp.samplesPerSecond(engine, data, batch, EPOCHS, threads),
                    "minimal-djl", () -> MinimalDjlLoop.samplesPerSecond(data, EPOCHS, batch, 1));
        }
    }

    /** The data as float32 little-endian: features row-major, then labels. */
    static Path write(EncodedRows data) throws IOException {
        Path file = Files.createTempFile("kiln-bench-", ".f32");
        file.toFile().deleteOnExit();
        ByteBuffer buffer = ByteBuffer.allocate((data.features().length + data.targets().length) * 4)
                .order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(data.features()).put(data.targets());
        Files.write(file, buffer.array());
        return file;
    }

    static double pytorch(Path data, int batch, int threads) {
        return PyTorchReference.samplesPerSecond("torch_mlp.py", "--data", data.toString(), "--rows",
                String.valueOf(ROWS), "--width", String.valueOf(WIDTH), "--batch", String.valueOf(batch), "--epochs",
                String.valueOf(EPOCHS), "--threads", String.valueOf(threads));
    }
}
