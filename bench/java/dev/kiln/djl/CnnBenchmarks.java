package dev.kiln.djl;

import dev.kiln.feature.EncodedRows;
import dev.kiln.feature.ImageInput;
import dev.kiln.run.spec.TrainingSpec;
import dev.kiln.run.Task;
import dev.kiln.training.Cancellation;
import dev.kiln.training.TrainingJob;
import dev.kiln.training.TrainingSettings;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.GZIPInputStream;

/**
 * Kiln's loop against a plain PyTorch loop ({@code bench/python/torch_cnn.py}, Debian's python3-torch) on the
 * Fashion-MNIST CNN of the images issue: the first {@code rows} real training images, batch 128, Adam 1e-3, one
 * warm-up and {@code epochs} timed epochs per measurement, alternating, medians, the same number of intra-op
 * threads on both sides ({@code -Dkiln.bench.threads}, default: what Kiln's thread policy picks for this model).
 * Arguments: [repetitions=5] [rows=12000] [epochs=1] [idx-directory=/usr/share/datasets/fashion-mnist].
 */
public final class CnnBenchmarks {
    static final int BATCH = 128;

    public static void main(String[] args) throws IOException {
        int repetitions = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 12_000;
        int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        Path dir = Path.of(args.length > 3 ? args[3] : "/usr/share/datasets/fashion-mnist");
        byte[] pixels = read(dir.resolve("train-images-idx3-ubyte.gz"), 16, rows * 784);
        byte[] labels = read(dir.resolve("train-labels-idx1-ubyte.gz"), 8, rows);
        float[] targets = new float[rows];
        for (int i = 0; i < rows; i++) {
            targets[i] = labels[i];
        }
        EncodedRows data = EncodedRows.images(pixels, targets, rows, 784);
        var spec = dev.kiln.model.ModelSpec.class.cast(dev.kiln.persistence.JsonColumn.mapper()
                .readValue(CnnServiceBenchmark.MODEL, dev.kiln.model.ModelSpec.class));
        int policy = ThreadPolicy.choose(null, 0, spec, new int[] {1, 28, 28}, BATCH,
                Runtime.getRuntime().availableProcessors(), 1);
        int threads = Integer.getInteger("kiln.bench.threads", policy);
        var engine = new DjlTrainingEngine(TrainingSettings.defaults());
        System.out.printf("%s; %d intra-op thread(s) (the policy picks %d); %d cores; %d images, batch %d%n",
                engine.describe(), threads, policy, Runtime.getRuntime().availableProcessors(), rows, BATCH);
        Path file = write(pixels, labels);
        Bench.compare("cnn-vs-pytorch fashion-mnist rows=" + rows + " threads=" + threads, repetitions,
                "kiln", () -> kiln(engine, spec, data, epochs, threads),
                "pytorch", () -> pytorch(file, rows, epochs, threads));
    }

    /** Images per second over the timed epochs of Kiln's loop (the first of 1 + epochs is a warm-up). */
    static double kiln(DjlTrainingEngine engine, dev.kiln.model.ModelSpec spec, EncodedRows data, int epochs,
                       int threads) {
        var hp = TrainingSpec.fromJson("""
                {"epochs": %d, "batchSize": %d, "validationSplit": 0.0, "shuffle": true, "seed": 1, "device": "cpu",
                 "threads": %d, "optimizer": {"type": "adam", "learningRate": 0.001, "beta1": 0.9, "beta2": 0.999,
                 "epsilon": 1e-7, "weightDecay": 0.0}}""".formatted(epochs + 1, BATCH,
                threads));
        var input = new ImageInput(1, 28, 28, null, null);
        var job = new TrainingJob(UUID.randomUUID(), spec, Task.MULTICLASS, 10, new TrainingJob.Data(data,
                Optional.empty(), Optional.empty(), 1.0, List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
                null, input, null), hp, TrainingJob.Control.plain(new Cancellation()));
        double[] seconds = {0};
        engine.train(job, Listeners.onEpoch(report -> {
            if (report.epoch() > 1) {
                seconds[0] += data.rows() / report.samplesPerSecond();
            }
        }));
        return epochs * data.rows() / seconds[0];
    }

    /** The images then their labels, as torch_cnn.py reads them (uint8). */
    static Path write(byte[] pixels, byte[] labels) throws IOException {
        Path file = Files.createTempFile("kiln-cnn-bench-", ".u8");
        file.toFile().deleteOnExit();
        byte[] both = new byte[pixels.length + labels.length];
        System.arraycopy(pixels, 0, both, 0, pixels.length);
        System.arraycopy(labels, 0, both, pixels.length, labels.length);
        Files.write(file, both);
        return file;
    }

    static double pytorch(Path data, int rows, int epochs, int threads) {
        return PyTorchReference.samplesPerSecond("torch_cnn.py", "--data", data.toString(), "--rows",
                String.valueOf(rows), "--batch", String.valueOf(BATCH), "--epochs", String.valueOf(epochs), "--threads",
                String.valueOf(threads));
    }

    static byte[] read(Path gz, int header, int bytes) throws IOException {
        try (InputStream in = new DataInputStream(new GZIPInputStream(Files.newInputStream(gz)))) {
            in.skipNBytes(header);
            return in.readNBytes(bytes);
        }
    }
}
