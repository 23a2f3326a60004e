package dev.kiln.djl;

import dev.kiln.KilnApplication;
import dev.kiln.feature.EncodedRows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What a user sees against a plain PyTorch loop: the epoch throughput the service records for a run (rows ÷ the
 * epoch's {@code durationMs} from {@code GET /runs/{id}/metrics}, over HTTP, every epoch after the first) against
 * PyTorch's samples/s ({@code bench/python/}), alternating, one intra-op thread on both sides. The MLP of
 * {@code bench/mlp-vs-pytorch.sh} (100k rows × 10, dense 64 relu → dropout 0.5 → dense 1) at batch 256 and 32, and
 * the matrix factorization of {@code bench/recommend-vs-pytorch.sh} (ml-latest-small, 32 factors, batch 256).
 * Arguments: [repetitions=5] [epochs=3] [which=mlp,mf]. The run is polled every 500 ms, as a patient client would.
 */
public final class ServiceVsPyTorchBenchmark {
    private static final Pattern STATUS = Pattern.compile("\"status\":\"([A-Z]+)\"");
    private static final Pattern EPOCH = Pattern.compile("\"epoch\":(\\d+),\"durationMs\":(\\d+)");

    private ServiceVsPyTorchBenchmark() {}

    public static void main(String[] args) throws Exception {
        int repetitions = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<String> which = List.of((args.length > 2 ? args[2] : "mlp,mf").split(","));
        Path files = Files.createTempDirectory("kiln-service-vs-pytorch-");
        EncodedRows mlp = BenchData.binary(MlpBenchmarks.ROWS, MlpBenchmarks.WIDTH, 1);
        Path csv = files.resolve("mlp.csv");
        ServiceBenchmark.writeCsv(mlp, csv);
        Path mlpFloats = MlpBenchmarks.write(mlp);
        Path ratingsCsv = Path.of("bench/data/ml-latest-small/ratings.csv");
        var ratings = RecommendBenchmarks.read(ratingsCsv);
        Path ratingsIds = RecommendBenchmarks.write(ratings);
        try (ConfigurableApplicationContext kiln = SpringApplication.run(KilnApplication.class, "--server.port=0",
                "--kiln.storage.root=" + files, "--logging.level.root=WARN", "--db-scheduler.polling-interval=200ms")) {
            var http = new BenchHttp(kiln.getEnvironment().getProperty("local.server.port", Integer.class), files);
            String mlpData = BenchHttp.id(http.multipart("/datasets", List.of(new BenchHttp.Part("file", "mlp.csv",
                    Files.readAllBytes(csv)))));
            String mlpModel = http.post("/models", """
                    {"name": "bench", "layers": [{"type": "dense", "units": 64, "activation": "relu"},
                     {"type": "dropout", "rate": 0.5}, {"type": "dense", "units": 1, "activation": "sigmoid"}]}""");
            for (int batch : which.contains("mlp") ? List.of(256, 32) : List.<Integer>of()) {
                String run = """
                        {"datasetId": "%s", "modelId": "%s", "target": "label", "hyperparameters": {"epochs": %d,
                         "batchSize": %d, "threads": 1, "validationSplit": 0.0, "seed": 1}}"""
                        .formatted(mlpData, mlpModel, epochs, batch);
                Bench.compare("service-vs-pytorch mlp batch=" + batch + " threads=1 epochs=" + epochs, repetitions,
                        "service", () -> recorded(http, run, mlp.rows()),
                        "pytorch", () -> MlpBenchmarks.pytorch(mlpFloats, batch, 1));
            }
            if (!which.contains("mf")) {
                return;
            }
            String ratingData = BenchHttp.id(http.multipart("/datasets", List.of(new BenchHttp.Part("file",
                    "ratings.csv", Files.readAllBytes(ratingsCsv)))));
            String mf = http.post("/models", """
                    {"name": "mf", "layers": [{"type": "matrixFactorization", "factors": 32}]}""");
            String run = """
                    {"datasetId": "%s", "modelId": "%s", "task": "rating",
                     "interactions": {"user": "userId", "item": "movieId", "rating": "rating"},
                     "hyperparameters": {"epochs": %d, "batchSize": 256, "threads": 1, "validationSplit": 0.0,
                                         "seed": 1, "optimizer": {"type": "adam", "learningRate": 0.001}}}"""
                    .formatted(ratingData, mf, epochs);
            Bench.compare("service-vs-pytorch mf factors=32 batch=256 threads=1 epochs=" + epochs, repetitions,
                    "service", () -> recorded(http, run, ratings.ratings().length),
                    "pytorch", () -> PyTorchReference.samplesPerSecond("torch_mf.py", "--data",
                            ratingsIds.toString(), "--rows", String.valueOf(ratings.ratings().length), "--users",
                            String.valueOf(ratings.userCount()), "--items", String.valueOf(ratings.itemCount()),
                            "--factors", "32", "--batch", "256", "--threads", "1"));
        }
    }

    /** Submits the run, waits for it, and returns rows ÷ the median recorded duration of its epochs after the first. */
    private static double recorded(BenchHttp http, String runJson, int rows) {
        String run = http.post("/runs", runJson);
        while (true) {
            Matcher status = STATUS.matcher(http.get("/runs/" + run));
            String state = status.find() ? status.group(1) : "";
            if (state.equals("SUCCEEDED")) {
                break;
            }
            if (state.equals("FAILED") || state.equals("CANCELLED")) {
                throw new IllegalStateException("run " + run + " " + state);
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        Matcher epoch = EPOCH.matcher(http.get("/runs/" + run + "/metrics"));
        List<Double> durations = new ArrayList<>();
        while (epoch.find()) {
            if (Integer.parseInt(epoch.group(1)) > 1) {
                durations.add(Double.parseDouble(epoch.group(2)));
            }
        }
        return rows / (Medians.median(durations) / 1000);
    }
}
