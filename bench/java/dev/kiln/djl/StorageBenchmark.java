package dev.kiln.djl;

import dev.kiln.KilnApplication;
import dev.kiln.feature.EncodedRows;
import dev.kiln.support.S3Server;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What the S3 store costs against local files: two Kilns in this process, each on its own H2 file, one with its blobs
 * on local disk and one in an S3 bucket (S3Proxy in this process, writing to a directory — a stand-in for MinIO on the
 * same disk); the same CSV uploaded to each in turn (MB/s of the upload request), and the same 10-epoch run
 * submitted to each in turn (wall seconds from submit to SUCCEEDED, and from the run's startedAt to finishedAt).
 * Medians of alternating repetitions. Arguments: [repetitions=5] [epochs=10] [rows=100000].
 */
public final class StorageBenchmark {
    private static final Pattern STATUS = Pattern.compile("\"status\":\"([A-Z]+)\"");
    private static final Pattern STARTED = Pattern.compile("\"startedAt\":\"([^\"]+)\"");
    private static final Pattern FINISHED = Pattern.compile("\"finishedAt\":\"([^\"]+)\"");
    private static final Pattern DURATION = Pattern.compile("\"durationMs\":(\\d+)");

    private StorageBenchmark() {}

    public static void main(String[] args) throws Exception {
        int repetitions = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int rows = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
        EncodedRows data = BenchData.binary(rows, MlpBenchmarks.WIDTH, 1);
        Path csvFile = Files.createTempFile("kiln-storage-bench-", ".csv");
        ServiceBenchmark.writeCsv(data, csvFile);
        byte[] csv = Files.readAllBytes(csvFile);
        try (S3Server s3 = S3Server.start("bench", Files.createTempDirectory("kiln-s3proxy-"));
             Side local = Side.start("local", List.of(), epochs);
             Side bucket = Side.start("s3", s3.settings("kiln/"), epochs)) {
            System.out.printf("upload: %.1f MB CSV (%d rows × %d); run: %d epochs, batch 256, one thread%n",
                    csv.length / 1e6, rows, MlpBenchmarks.WIDTH, epochs);
            List<Double> uploadLocal = new ArrayList<>();
            List<Double> uploadS3 = new ArrayList<>();
            List<Double> runLocal = new ArrayList<>();
            List<Double> runS3 = new ArrayList<>();
            List<Double> trainLocal = new ArrayList<>();
            List<Double> trainS3 = new ArrayList<>();
            List<Double> epochsLocal = new ArrayList<>();
            List<Double> epochsS3 = new ArrayList<>();
            String localData = local.upload(csv, null);
            String s3Data = bucket.upload(csv, null);
            local.run(localData, null);
            bucket.run(s3Data, null);
            for (int i = 0; i < repetitions; i++) {
                uploadLocal.add(csv.length / 1e6 / local.timedUpload(csv));
                uploadS3.add(csv.length / 1e6 / bucket.timedUpload(csv));
                double[] l = local.run(localData, runLocal);
                double[] s = bucket.run(s3Data, runS3);
                trainLocal.add(l[1]);
                trainS3.add(s[1]);
                epochsLocal.add(l[2]);
                epochsS3.add(s[2]);
            }
            report("upload MB/s", uploadLocal, uploadS3);
            report("submit → SUCCEEDED, s", runLocal, runS3);
            report("startedAt → finishedAt, s", trainLocal, trainS3);
            report("of which in the epochs (sum of durationMs), s", epochsLocal, epochsS3);
        }
    }

    private static void report(String what, List<Double> local, List<Double> s3) {
        double l = Medians.median(local);
        double s = Medians.median(s3);
        List<Double> paired = new ArrayList<>(); // each S3 measurement over the local one next to it
        for (int i = 0; i < local.size(); i++) {
            paired.add(s3.get(i) / local.get(i));
        }
        System.out.printf("SUMMARY storage %s: local %.2f %s, s3 %.2f %s, s3/local %.3f, median paired ratio %.3f "
                + "(medians of %d, alternating)%n", what, l, twoDecimals(local), s, twoDecimals(s3), s / l,
                Medians.median(paired), local.size());
    }

    private static String twoDecimals(List<Double> values) {
        return values.stream().map(v -> String.format(java.util.Locale.ROOT, "%.2f", v)).toList().toString();
    }

    private record Side(ConfigurableApplicationContext kiln, BenchHttp http, String model, int epochs)
            implements AutoCloseable {
        static Side start(String name, List<String> settings, int epochs) throws Exception {
            Path files = Files.createTempDirectory("kiln-storage-bench-" + name + "-");
            List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--kiln.storage.root=" + files,
                    "--logging.level.root=WARN", "--db-scheduler.polling-interval=200ms",
                    "--kiln.datasets.max-upload-size=200MB"));
            settings.forEach(s -> arguments.add("--" + s));
            var kiln = SpringApplication.run(KilnApplication.class, arguments.toArray(String[]::new));
            var http = new BenchHttp(kiln.getEnvironment().getProperty("local.server.port", Integer.class), files);
            String model = http.post("/models", """
                    {"name": "bench", "layers": [{"type": "dense", "units": 64, "activation": "relu"},
                     {"type": "dropout", "rate": 0.5}, {"type": "dense", "units": 1, "activation": "sigmoid"}]}""");
            return new Side(kiln, http, model, epochs);
        }

        String upload(byte[] csv, Object ignored) {
            return BenchHttp.id(http.multipart("/datasets", List.of(new BenchHttp.Part("file", "bench.csv", csv))));
        }

        /** Seconds the upload request took. */
        double timedUpload(byte[] csv) {
            long start = System.nanoTime();
            upload(csv, null);
            return (System.nanoTime() - start) / 1e9;
        }

        /**
         * Seconds from submit to SUCCEEDED (added to {@code wall} when given), from startedAt to finishedAt, and in the
         * epochs (the sum of their durationMs).
         */
        double[] run(String dataset, List<Double> wall) {
            long start = System.nanoTime();
            String id = http.post("/runs", """
                    {"datasetId": "%s", "modelId": "%s", "target": "label", "hyperparameters": {"epochs": %d,
                     "batchSize": 256, "threads": 1, "validationSplit": 0.0, "seed": 1}}""".formatted(dataset, model,
                    epochs));
            String body;
            while (true) {
                body = http.get("/runs/" + id);
                Matcher status = STATUS.matcher(body);
                String state = status.find() ? status.group(1) : "";
                if (state.equals("SUCCEEDED")) {
                    break;
                }
                if (state.equals("FAILED") || state.equals("CANCELLED")) {
                    throw new IllegalStateException("run " + id + " " + state + ": " + body);
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (wall != null) {
                wall.add(seconds);
            }
            Matcher started = STARTED.matcher(body);
            Matcher finished = FINISHED.matcher(body);
            started.find();
            finished.find();
            Matcher durations = DURATION.matcher(http.get("/runs/" + id + "/metrics"));
            long epochMs = 0;
            while (durations.find()) {
                epochMs += Long.parseLong(durations.group(1));
            }
            return new double[] {seconds, Duration.between(Instant.parse(started.group(1)),
                    Instant.parse(finished.group(1))).toMillis() / 1000.0, epochMs / 1000.0};
        }

        @Override
        public void close() {
            kiln.close();
        }
    }
}
