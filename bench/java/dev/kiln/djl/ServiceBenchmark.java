package dev.kiln.djl;

import dev.kiln.KilnApplication;
import dev.kiln.feature.EncodedRows;
import dev.kiln.run.spec.TrainingSpec;
import dev.kiln.run.Task;
import dev.kiln.training.Cancellation;
import dev.kiln.training.EpochReport;
import dev.kiln.training.TrainingJob;
import dev.kiln.training.TrainingListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What the service costs: the MLP benchmark (100k rows × 10 features, dense 64 relu → dropout 0.5 → dense 1,
 * batch 256) trained end to end over HTTP on a Kiln started in this process, against the same engine's loop
 * called directly on the same rows, alternating. Two comparisons: the whole path (upload → SUCCEEDED) and
 * the run alone (submit → SUCCEEDED, the dataset already uploaded, as for every run after the first).
 * Arguments: [repetitions=5] [epochs=3].
 */
public final class ServiceBenchmark {
    private static final Pattern STATUS = Pattern.compile("\"status\":\"([A-Z]+)\"");

    private final BenchHttp http;

    private ServiceBenchmark(int port, Path files) {
        this.http = new BenchHttp(port, files);
    }

    public static void main(String[] args) throws Exception {
        int repetitions = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path files = Files.createTempDirectory("kiln-service-bench-");
        EncodedRows data = BenchData.binary(MlpBenchmarks.ROWS, MlpBenchmarks.WIDTH, 1);
        Path csv = files.resolve("bench.csv");
        writeCsv(data, csv);
        try (ConfigurableApplicationContext kiln = SpringApplication.run(KilnApplication.class, "--server.port=0",
                "--kiln.storage.root=" + files, "--logging.level.root=WARN", "--logging.level.dev.kiln.training=INFO", "--db-scheduler.polling-interval=1s")) {
            var bench = new ServiceBenchmark(kiln.getEnvironment().getProperty("local.server.port", Integer.class),
                    files);
            var engine = kiln.getBean(DjlTrainingEngine.class);
            String model = bench.http.post("/models", """
                    {"name": "bench", "layers": [{"type": "dense", "units": 64, "activation": "relu"},
                     {"type": "dropout", "rate": 0.5}, {"type": "dense", "units": 1, "activation": "sigmoid"}]}""");
            String dataset = bench.upload(csv);
            long samples = (long) epochs * data.rows();
            System.out.printf("%d epochs of %d rows, batch 256%n", epochs, data.rows());
            Bench.compare("service-run (submit → SUCCEEDED) epochs=" + epochs, repetitions,
                    "service", () -> samples / bench.run(dataset, model, epochs),
                    "loop", () -> samples / loop(engine, data, epochs));
            Bench.compare("service-e2e (upload → SUCCEEDED) epochs=" + epochs, repetitions,
                    "service", () -> samples / (bench.timedUpload(csv) + bench.run(bench.lastDataset, model, epochs)),
                    "loop", () -> samples / loop(engine, data, epochs));
        }
    }

    private String lastDataset;

    /**
     * Seconds from submitting a run to its SUCCEEDED transition, by the server's own timestamps (createdAt to
     * finishedAt) plus the submit request's round trip; the client polls slowly so as not to compete for the
     * two cores with the run it measures.
     */
    private double run(String dataset, String model, int epochs) {
        long start = System.nanoTime();
        String submitted = http.sendJson("/runs", """
                {"datasetId": "%s", "modelId": "%s", "target": "label",
                 "hyperparameters": {"epochs": %d, "batchSize": 256, "validationSplit": 0, "seed": 1}}"""
                .formatted(dataset, model, epochs));
        double submit = (System.nanoTime() - start) / 1e9;
        String run = BenchHttp.id(submitted);
        while (true) {
            String body = http.get("/runs/" + run);
            Matcher status = STATUS.matcher(body);
            status.find();
            if (status.group(1).equals("SUCCEEDED")) {
                double total = submit + serverSeconds(body);
                phases(body, total);
                Matcher durations = Pattern.compile("\"durationMs\":(\\d+)").matcher(http.get("/runs/" + run + "/metrics"));
                long training = 0;
                while (durations.find()) {
                    training += Long.parseLong(durations.group(1));
                }
                System.out.printf("    of which %d ms in the epochs%n", training);
                return total;
            }
            if (!status.group(1).equals("QUEUED") && !status.group(1).equals("RUNNING")) {
                throw new IllegalStateException("run ended " + body);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static final Pattern TIME = Pattern.compile("\"(createdAt|startedAt|finishedAt)\":\"([^\"]+)\"");

    /** Where a run's time went: waiting in the queue, running on the worker, and the rest (HTTP, polling). */
    private static void phases(String body, double total) {
        java.util.Map<String, java.time.Instant> at = new java.util.HashMap<>();
        Matcher m = TIME.matcher(body);
        while (m.find()) {
            at.putIfAbsent(m.group(1), java.time.Instant.parse(m.group(2)));
        }
        double queued = java.time.Duration.between(at.get("createdAt"), at.get("startedAt")).toNanos() / 1e6;
        double running = java.time.Duration.between(at.get("startedAt"), at.get("finishedAt")).toNanos() / 1e6;
        System.out.printf("    run: %.0f ms queued, %.0f ms on the worker, %.0f ms submit round trip%n", queued,
                running, total * 1000 - queued - running);
    }

    private double timedUpload(Path csv) {
        long start = System.nanoTime();
        lastDataset = upload(csv);
        return (System.nanoTime() - start) / 1e9;
    }

    /** Seconds of the engine's whole train call on the same rows (model built, tensors made, epochs run). */
    static double loop(DjlTrainingEngine engine, EncodedRows data, int epochs) {
        var hp = KilnMlp.hyperparameters(epochs, 256, null);
        var job = TestJobs.job(KilnMlp.SPEC, Task.BINARY, 2, data, hp);
        long start = System.nanoTime();
        engine.train(job, Listeners.quiet());
        return (System.nanoTime() - start) / 1e9;
    }

    static void writeCsv(EncodedRows data, Path file) throws IOException {
        StringBuilder csv = new StringBuilder();
        for (int c = 0; c < data.width(); c++) {
            csv.append('x').append(c).append(',');
        }
        csv.append("label\n");
        for (int r = 0; r < data.rows(); r++) {
            for (int c = 0; c < data.width(); c++) {
                csv.append(data.features()[r * data.width() + c]).append(',');
            }
            csv.append((int) data.targets()[r]).append('\n');
        }
        Files.writeString(file, csv);
    }

    private String upload(Path csv) {
        try {
            return BenchHttp.id(http.multipart("/datasets", List.of(new BenchHttp.Part("file", "bench.csv",
                    Files.readAllBytes(csv)))));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double serverSeconds(String body) {
        java.util.Map<String, java.time.Instant> at = new java.util.HashMap<>();
        Matcher m = TIME.matcher(body);
        while (m.find()) {
            at.putIfAbsent(m.group(1), java.time.Instant.parse(m.group(2)));
        }
        return java.time.Duration.between(at.get("createdAt"), at.get("finishedAt")).toNanos() / 1e9;
    }
}
