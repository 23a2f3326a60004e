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
    /** Runs of each kind before the measured ones: the first runs also compile Kiln's HTTP and database paths. */
    private static final int WARM_UPS = 3;

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
            Bench.compare("service-run (submit → SUCCEEDED) epochs=" + epochs, WARM_UPS, repetitions,
                    "service", () -> samples / bench.run(dataset, model, epochs),
                    "loop", () -> samples / loop(engine, data, epochs));
            Outside.report("service-run", repetitions);
            Bench.compare("service-e2e (upload → SUCCEEDED) epochs=" + epochs, WARM_UPS, repetitions,
                    "service", () -> samples / (bench.timedUpload(csv) + bench.run(bench.lastDataset, model, epochs)),
                    "loop", () -> samples / loop(engine, data, epochs));
            Outside.report("service-e2e (the upload outside the epochs)", repetitions);
        }
    }

    /**
     * Where each contender's time went: its epochs (the sum of their durationMs) and the rest — for the service the
     * submit, the queue, preparation and records (and the upload, end to end), for the loop building the job's
     * network and tensors — with the intra-op threads each trained on.
     */
    private static final class Outside {
        static final List<Double> service = new java.util.ArrayList<>();
        static final List<Double> loop = new java.util.ArrayList<>();
        static final List<Double> serviceEpochs = new java.util.ArrayList<>();
        static final List<Double> loopEpochs = new java.util.ArrayList<>();
        static final java.util.Set<Integer> serviceThreads = new java.util.TreeSet<>();
        static final java.util.Set<Integer> loopThreads = new java.util.TreeSet<>();

        static void report(String name, int repetitions) {
            // the measured repetitions are the last ones; warm-ups came first
            System.out.printf("SUMMARY %s, medians: service %.0f ms in epochs + %.0f ms outside them (threads %s), "
                    + "loop %.0f ms in epochs + %.0f ms outside them (threads %s)%n", name,
                    1000 * Medians.median(last(serviceEpochs, repetitions)),
                    1000 * Medians.median(last(service, repetitions)), serviceThreads,
                    1000 * Medians.median(last(loopEpochs, repetitions)),
                    1000 * Medians.median(last(loop, repetitions)), loopThreads);
            for (var list : List.of(service, loop, serviceEpochs, loopEpochs)) {
                list.clear();
            }
        }

        private static List<Double> last(List<Double> values, int n) {
            return values.subList(Math.max(0, values.size() - n), values.size());
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
                Outside.service.add(total - training / 1000.0 + uploadSeconds);
                Outside.serviceEpochs.add(training / 1000.0);
                Matcher threads = Pattern.compile("\"threads\":(\\d+)").matcher(body);
                if (threads.find()) {
                    Outside.serviceThreads.add(Integer.parseInt(threads.group(1)));
                }
                uploadSeconds = 0;
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

    private double uploadSeconds;

    private double timedUpload(Path csv) {
        long start = System.nanoTime();
        lastDataset = upload(csv);
        uploadSeconds = (System.nanoTime() - start) / 1e9;
        return uploadSeconds;
    }

    /** Seconds of the engine's whole train call on the same rows (model built, tensors made, epochs run). */
    static double loop(DjlTrainingEngine engine, EncodedRows data, int epochs) {
        var hp = KilnMlp.hyperparameters(epochs, 256, null);
        var job = TestJobs.job(KilnMlp.SPEC, Task.BINARY, 2, data, hp);
        Listeners listener = Listeners.quiet();
        long start = System.nanoTime();
        engine.train(job, listener);
        double seconds = (System.nanoTime() - start) / 1e9;
        double epochSeconds = listener.epochs.stream().mapToLong(EpochReport::durationMs).sum() / 1000.0;
        Outside.loop.add(seconds - epochSeconds);
        Outside.loopEpochs.add(epochSeconds);
        Outside.loopThreads.add(listener.threads);
        return seconds;
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
