package dev.kiln.djl;

import dev.kiln.KilnApplication;
import dev.kiln.feature.EncodedRows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What live events and Kiln's meters cost a run: two Kilns in this process, one with its event log and meters
 * ({@code kiln.events.enabled}, {@code management.metrics.enable.kiln}) and one without, each on its own H2 file;
 * the same 10-epoch run (the MLP benchmark: 100k rows × 10, dense 64 → dropout → dense 1, batch 256, one thread)
 * submitted to each in turn, its wall time taken from the run ({@code finishedAt − startedAt}), with an SSE client
 * following the run on the instance that has events. Prints each side's runs/hour as the benchmark's samples/s and
 * their ratio. Arguments: [repetitions=5] [epochs=10].
 */
public final class EventsOverheadBenchmark {
    private static final Pattern STATUS = Pattern.compile("\"status\":\"([A-Z]+)\"");
    private static final Pattern STARTED = Pattern.compile("\"startedAt\":\"([^\"]+)\"");
    private static final Pattern FINISHED = Pattern.compile("\"finishedAt\":\"([^\"]+)\"");

    private EventsOverheadBenchmark() {}

    public static void main(String[] args) throws Exception {
        int repetitions = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        EncodedRows data = BenchData.binary(MlpBenchmarks.ROWS, MlpBenchmarks.WIDTH, 1);
        try (var on = Side.start("on", true, data, epochs); var off = Side.start("off", false, data, epochs)) {
            System.out.printf("%d epochs of %d rows, batch 256, one thread; wall time from the run's startedAt to "
                    + "finishedAt%n", epochs, data.rows());
            Bench.compare("events-and-meters epochs=" + epochs + " (runs per hour)", repetitions,
                    "with", () -> 3600 / on.run(), "without", () -> 3600 / off.run());
        }
    }

    /** One Kiln with or without events and meters, its dataset and model, and its run request. */
    private record Side(ConfigurableApplicationContext kiln, BenchHttp http, String runJson, boolean follow)
            implements AutoCloseable {
        static Side start(String name, boolean events, EncodedRows data, int epochs) throws Exception {
            Path files = Files.createTempDirectory("kiln-events-bench-" + name + "-");
            Path csv = files.resolve("bench.csv");
            ServiceBenchmark.writeCsv(data, csv);
            var kiln = SpringApplication.run(KilnApplication.class, "--server.port=0", "--kiln.storage.root=" + files,
                    "--logging.level.root=WARN", "--db-scheduler.polling-interval=200ms",
                    "--kiln.events.enabled=" + events, "--management.metrics.enable.kiln=" + events);
            var http = new BenchHttp(kiln.getEnvironment().getProperty("local.server.port", Integer.class), files);
            String dataset = BenchHttp.id(http.multipart("/datasets", List.of(new BenchHttp.Part("file", "bench.csv",
                    Files.readAllBytes(csv)))));
            String model = http.post("/models", """
                    {"name": "bench", "layers": [{"type": "dense", "units": 64, "activation": "relu"},
                     {"type": "dropout", "rate": 0.5}, {"type": "dense", "units": 1, "activation": "sigmoid"}]}""");
            String run = """
                    {"datasetId": "%s", "modelId": "%s", "target": "label", "hyperparameters": {"epochs": %d,
                     "batchSize": 256, "threads": 1, "validationSplit": 0.0, "seed": 1}}"""
                    .formatted(dataset, model, epochs);
            return new Side(kiln, http, run, events);
        }

        /** Seconds from the run's start to its end. */
        double run() {
            String id = http.post("/runs", runJson);
            Thread follower = follow ? http.follow("/runs/" + id + "/events") : null;
            String body;
            while (true) {
                body = http.get("/runs/" + id);
                Matcher status = STATUS.matcher(body);
                String state = status.find() ? status.group(1) : "";
                if (state.equals("SUCCEEDED")) {
                    break;
                }
                if (state.equals("FAILED") || state.equals("CANCELLED")) {
                    throw new IllegalStateException("run " + id + " " + state);
                }
                sleep();
            }
            if (follower != null) {
                try {
                    follower.join(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            Matcher started = STARTED.matcher(body);
            Matcher finished = FINISHED.matcher(body);
            started.find();
            finished.find();
            return Duration.between(Instant.parse(started.group(1)), Instant.parse(finished.group(1))).toMillis()
                    / 1000.0;
        }

        private static void sleep() {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() {
            kiln.close();
        }
    }
}
