package dev.kiln.djl;

import dev.kiln.KilnApplication;
import dev.kiln.feature.EncodedRows;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What a user sees against a plain PyTorch loop: the epoch throughput the service records for a run (rows ÷ the
 * epoch's {@code durationMs} from {@code GET /runs/{id}/metrics}, over HTTP, every epoch after the first) against
 * PyTorch's samples/s ({@code bench/python/}), alternating, medians. An epoch's {@code durationMs} runs from its
 * first batch until the next epoch may start: metrics, checkpoint snapshot and any wait for the previous epoch's
 * bookkeeping included. The cases, each on the data and network of its loop benchmark:
 * <ul>
 *   <li>{@code mlp}: 100k rows × 10, dense 64 relu → dropout 0.5 → dense 1, batch 256 and 32, one thread;</li>
 *   <li>{@code mf}: matrix factorization on ml-latest-small, 32 factors, batch 256, one thread;</li>
 *   <li>{@code cnn}: the Fashion-MNIST CNN on the first 6,000 training images, batch 128, the threads the
 *       service's policy picks (PyTorch is given the same number);</li>
 *   <li>{@code lstm}: embedding 64 → LSTM 64 → dense 1 on 8,000 synthetic token rows (the text benchmark's), as
 *       words in a CSV that the service vectorizes (int, 10,000 tokens, length 64), batch 64, one thread.</li>
 * </ul>
 * Arguments: [repetitions=5] [epochs=3] [which=mlp,mf,cnn,lstm]. The run is polled every 500 ms.
 */
public final class ServiceVsPyTorchBenchmark {
    private static final Pattern STATUS = Pattern.compile("\"status\":\"([A-Z]+)\"");
    private static final Pattern THREADS = Pattern.compile("\"threads\":(\\d+)");
    private static final Pattern EPOCH = Pattern.compile(
            "\"epoch\":(\\d+),\"durationMs\":(\\d+),\"samplesPerSecond\":([0-9.]+)");
    private static final int CNN_ROWS = 6_000;
    private static final int TEXT_ROWS = 8_000;

    private final BenchHttp http;
    private final int repetitions;
    private final int epochs;
    private final Path files;

    private ServiceVsPyTorchBenchmark(BenchHttp http, int repetitions, int epochs, Path files) {
        this.http = http;
        this.repetitions = repetitions;
        this.epochs = epochs;
        this.files = files;
    }

    public static void main(String[] args) throws Exception {
        int repetitions = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<String> which = List.of((args.length > 2 ? args[2] : "mlp,mf,cnn,lstm").split(","));
        Path files = Files.createTempDirectory("kiln-service-vs-pytorch-");
        try (ConfigurableApplicationContext kiln = SpringApplication.run(KilnApplication.class, "--server.port=0",
                "--kiln.storage.root=" + files, "--logging.level.root=WARN", "--db-scheduler.polling-interval=200ms",
                "--logging.level.dev.kiln.training.RunWorker=" + System.getProperty("kiln.bench.bookkeeping", "WARN"))) {
            var http = new BenchHttp(kiln.getEnvironment().getProperty("local.server.port", Integer.class), files);
            var bench = new ServiceVsPyTorchBenchmark(http, repetitions, epochs, files);
            for (String name : which) {
                switch (name) {
                    case "mlp" -> bench.mlp();
                    case "mf" -> bench.mf();
                    case "cnn" -> bench.cnn(Path.of("/usr/share/datasets/fashion-mnist"));
                    case "lstm" -> bench.lstm();
                    default -> throw new IllegalArgumentException("no case " + name + " (mlp, mf, cnn, lstm)");
                }
            }
        }
    }

    private void mlp() throws IOException {
        EncodedRows mlp = BenchData.binary(MlpBenchmarks.ROWS, MlpBenchmarks.WIDTH, 1);
        Path csv = files.resolve("mlp.csv");
        ServiceBenchmark.writeCsv(mlp, csv);
        Path floats = MlpBenchmarks.write(mlp);
        String data = upload(List.of(new BenchHttp.Part("file", "mlp.csv", Files.readAllBytes(csv))));
        String model = http.post("/models", """
                {"name": "bench", "layers": [{"type": "dense", "units": 64, "activation": "relu"},
                 {"type": "dropout", "rate": 0.5}, {"type": "dense", "units": 1, "activation": "sigmoid"}]}""");
        for (int batch : List.of(256, 32)) {
            String run = """
                    {"datasetId": "%s", "modelId": "%s", "target": "label", "hyperparameters": {"epochs": %d,
                     "batchSize": %d, "threads": 1, "validationSplit": 0.0, "seed": 1}}"""
                    .formatted(data, model, epochs, batch);
            compare("mlp batch=" + batch + " threads=1", run, mlp.rows(), 1,
                    () -> MlpBenchmarks.pytorch(floats, batch, 1));
        }
    }

    private void mf() throws IOException {
        Path ratingsCsv = Path.of("bench/data/ml-latest-small/ratings.csv");
        var ratings = RecommendBenchmarks.read(ratingsCsv);
        Path ids = RecommendBenchmarks.write(ratings);
        String data = upload(List.of(new BenchHttp.Part("file", "ratings.csv", Files.readAllBytes(ratingsCsv))));
        String model = http.post("/models", """
                {"name": "mf", "layers": [{"type": "matrixFactorization", "factors": 32}]}""");
        String run = """
                {"datasetId": "%s", "modelId": "%s", "task": "rating",
                 "interactions": {"user": "userId", "item": "movieId", "rating": "rating"},
                 "hyperparameters": {"epochs": %d, "batchSize": 256, "threads": 1, "validationSplit": 0.0,
                                     "seed": 1, "optimizer": {"type": "adam", "learningRate": 0.001}}}"""
                .formatted(data, model, epochs);
        compare("mf factors=32 batch=256 threads=1", run, ratings.ratings().length, 1,
                () -> PyTorchReference.samplesPerSecond("torch_mf.py", "--data", ids.toString(), "--rows",
                        String.valueOf(ratings.ratings().length), "--users", String.valueOf(ratings.userCount()),
                        "--items", String.valueOf(ratings.itemCount()), "--factors", "32", "--batch", "256",
                        "--threads", "1"));
    }

    private void cnn(Path idx) throws IOException {
        byte[] pixels = CnnBenchmarks.read(idx.resolve("train-images-idx3-ubyte.gz"), 16, CNN_ROWS * 784);
        byte[] labels = CnnBenchmarks.read(idx.resolve("train-labels-idx1-ubyte.gz"), 8, CNN_ROWS);
        Path u8 = CnnBenchmarks.write(pixels, labels);
        String data = upload(List.of(new BenchHttp.Part("images", "images.gz", idx(0x803, CNN_ROWS, pixels, 28, 28)),
                new BenchHttp.Part("labels", "labels.gz", idx(0x801, CNN_ROWS, labels))));
        String model = http.post("/models", CnnServiceBenchmark.MODEL);
        String run = """
                {"datasetId": "%s", "modelId": "%s", "hyperparameters": {"epochs": %d, "batchSize": %d,
                 "validationSplit": 0.0, "seed": 1, "optimizer": {"type": "adam", "learningRate": 0.001}}}"""
                .formatted(data, model, epochs, CnnBenchmarks.BATCH);
        int threads = threadsPicked(run);
        compare("cnn fashion-mnist rows=" + CNN_ROWS + " batch=" + CnnBenchmarks.BATCH + " threads=" + threads, run,
                CNN_ROWS, threads, () -> CnnBenchmarks.pytorch(u8, CNN_ROWS, 1, threads));
    }

    private void lstm() throws IOException {
        EncodedRows rows = TextBenchmarks.data(TEXT_ROWS, 1);
        Path ids = TextBenchmarks.write(rows);
        var csv = new StringBuilder("text,label\n");
        for (int r = 0; r < rows.rows(); r++) {
            for (int i = 0; i < TextBenchmarks.LENGTH && rows.features()[r * TextBenchmarks.LENGTH + i] > 0; i++) {
                csv.append(i == 0 ? "" : " ").append('w').append((int) rows.features()[r * TextBenchmarks.LENGTH + i]);
            }
            csv.append(',').append((int) rows.targets()[r]).append('\n');
        }
        String data = upload(List.of(new BenchHttp.Part("file", "tokens.csv",
                csv.toString().getBytes(StandardCharsets.UTF_8))));
        String model = http.post("/models", """
                {"name": "bench-lstm", "layers": [{"type": "embedding", "outputDim": 64, "maskZero": true},
                 {"type": "lstm", "units": 64}, {"type": "dense", "units": 1, "activation": "sigmoid"}]}""");
        String run = """
                {"datasetId": "%s", "modelId": "%s", "target": "label",
                 "preprocessing": {"columns": {"text": {"encode": "text", "outputMode": "int", "maxTokens": %d,
                                                        "outputSequenceLength": %d}}},
                 "hyperparameters": {"epochs": %d, "batchSize": %d, "threads": 1, "validationSplit": 0.0,
                                     "seed": 1, "optimizer": {"type": "adam", "learningRate": 0.001}}}"""
                .formatted(data, model, TextBenchmarks.VOCABULARY, TextBenchmarks.LENGTH, epochs,
                        TextBenchmarks.BATCH);
        compare("lstm rows=" + TEXT_ROWS + " length=" + TextBenchmarks.LENGTH + " batch=" + TextBenchmarks.BATCH
                + " threads=1", run, TEXT_ROWS, 1, () -> TextBenchmarks.pytorch("lstm", ids, TEXT_ROWS, 1));
    }

    private void compare(String name, String run, int rows, int threads, DoubleSupplier pytorch) {
        Bench.compare("service-vs-pytorch " + name + " epochs=" + epochs, repetitions,
                "service", () -> recorded(run, rows, threads), "pytorch", pytorch);
    }

    private String upload(List<BenchHttp.Part> parts) {
        return BenchHttp.id(http.multipart("/datasets", parts));
    }

    /** The intra-op threads the service's policy gives this run (a one-epoch run of it, which is then discarded). */
    private int threadsPicked(String run) {
        String id = http.post("/runs", run.replaceFirst("\"epochs\": \\d+", "\"epochs\": 1"));
        Matcher threads = THREADS.matcher(await(id));
        if (!threads.find()) {
            throw new IllegalStateException("run " + id + " does not say its threads");
        }
        return Integer.parseInt(threads.group(1));
    }

    /** Submits the run, waits for it, and returns rows ÷ the median recorded duration of its epochs after the first. */
    private double recorded(String runJson, int rows, int threads) {
        String run = http.post("/runs", runJson);
        Matcher used = THREADS.matcher(await(run));
        if (!used.find() || Integer.parseInt(used.group(1)) != threads) {
            throw new IllegalStateException("run " + run + " did not train with " + threads + " threads");
        }
        Matcher epoch = EPOCH.matcher(http.get("/runs/" + run + "/metrics"));
        List<Double> durations = new ArrayList<>();
        List<Double> training = new ArrayList<>();
        while (epoch.find()) {
            if (Integer.parseInt(epoch.group(1)) > 1) {
                durations.add(Double.parseDouble(epoch.group(2)));
                training.add(Double.parseDouble(epoch.group(3)));
            }
        }
        double recorded = rows / (Medians.median(durations) / 1000);
        System.out.printf("  service run %s: %.0f rows/s by durationMs, %.0f in its training passes alone%n", run,
                recorded, Medians.median(training));
        return recorded;
    }

    private String await(String run) {
        while (true) {
            String body = http.get("/runs/" + run);
            Matcher status = STATUS.matcher(body);
            String state = status.find() ? status.group(1) : "";
            if (state.equals("SUCCEEDED")) {
                return body;
            }
            if (state.equals("FAILED") || state.equals("CANCELLED")) {
                throw new IllegalStateException("run " + run + " " + state + ": " + body);
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** An IDX file (gzipped): magic, count, the further dimensions, then the bytes. */
    private static byte[] idx(int magic, int count, byte[] content, int... dimensions) throws IOException {
        var bytes = new ByteArrayOutputStream();
        try (var out = new DataOutputStream(new GZIPOutputStream(bytes))) {
            out.writeInt(magic);
            out.writeInt(count);
            for (int d : dimensions) {
                out.writeInt(d);
            }
            out.write(content);
        }
        return bytes.toByteArray();
    }
}
