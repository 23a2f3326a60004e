package dev.kiln.inference;

import dev.kiln.KilnApplication;
import dev.kiln.support.KilnHttp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Prediction latency and the model cache's memory. One row, warm cache, many sequential requests over HTTP
 * against the same prediction called in-process (the baseline: what HTTP and JSON cost); then 50 different
 * models requested in turn through a cache of 10, reporting heap and resident memory per pass.
 * Arguments: [requests=2000] [models=50].
 */
public final class PredictLatencyBenchmark {
    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int modelCount = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        Path files = Files.createTempDirectory("kiln-predict-bench-");
        try (ConfigurableApplicationContext kiln = SpringApplication.run(KilnApplication.class, "--server.port=0",
                "--kiln.storage.root=" + files, "--logging.level.root=WARN", "--kiln.inference.cache-size=10",
                "--db-scheduler.polling-interval=200ms")) {
            // the first admin key, which Kiln writes to its data directory on its first start
            var http = new KilnHttp(kiln.getEnvironment().getProperty("local.server.port", Integer.class))
                    .withKey(Files.readString(files.resolve("admin.key")).strip());
            Inference inference = kiln.getBean(Inference.class);
            String dataset = http.uploadTo("/api/v1/datasets", "bc.csv",
                    Files.readAllBytes(Path.of("server/src/test/resources/data/breast_cancer_train.csv"))).id();
            String model = http.createModel("""
                    {"name": "bc", "layers": [{"type": "dense", "units": 64, "activation": "relu"},
                     {"type": "dense", "units": 1, "activation": "sigmoid"}]}""");
            String run = http.submitRun(("{\"datasetId\": \"%s\", \"modelId\": \"%s\", \"target\": \"target\","
                    + " \"hyperparameters\": {\"epochs\": 5}}").formatted(dataset, model));
            http.awaitFinished(run);
            Map<String, Object> row = firstRow();
            Map<String, Object> body = Map.of("rows", List.of(row));
            UUID runId = UUID.fromString(run);

            for (int i = 0; i < 300; i++) {
                http.postJson("/api/v1/runs/" + run + "/predict", body);
                inference.predict(runId, List.of(row));
            }
            double[] overHttp = new double[requests];
            double[] inProcess = new double[requests];
            for (int i = 0; i < requests; i++) {
                long start = System.nanoTime();
                var answer = http.postJson("/api/v1/runs/" + run + "/predict", body);
                overHttp[i] = (System.nanoTime() - start) / 1e6;
                if (answer.status() != 200) {
                    throw new IllegalStateException(answer.body());
                }
                start = System.nanoTime();
                inference.predict(runId, List.of(row));
                inProcess[i] = (System.nanoTime() - start) / 1e6;
            }
            System.out.printf("SUMMARY predict-latency (one row, %d sequential requests, warm cache): over HTTP median "
                    + "%.2f ms p99 %.2f ms; in-process median %.3f ms p99 %.3f ms; HTTP/in-process median ratio %.1f%n",
                    requests, percentile(overHttp, 50), percentile(overHttp, 99), percentile(inProcess, 50),
                    percentile(inProcess, 99), percentile(overHttp, 50) / percentile(inProcess, 50));

            List<String> runs = new ArrayList<>();
            String iris = http.uploadTo("/api/v1/datasets", "iris.csv",
                    Files.readAllBytes(Path.of("server/src/test/resources/data/iris_train.csv"))).id();
            String tiny = http.createModel("{\"name\": \"t\", \"layers\": [{\"type\": \"dense\", \"units\": 32, "
                    + "\"activation\": \"relu\"}, {\"type\": \"dense\", \"units\": 3}]}");
            for (int i = 0; i < modelCount; i++) {
                runs.add(http.submitRun(("{\"datasetId\": \"%s\", \"modelId\": \"%s\", \"target\": \"target\","
                        + " \"hyperparameters\": {\"epochs\": 1, \"seed\": %d}}").formatted(iris, tiny, i)));
            }
            runs.forEach(http::awaitFinished);
            Map<String, Object> flower = Map.of("rows", List.of(Map.of("sepal_length_cm", 5.1, "sepal_width_cm", 3.5,
                    "petal_length_cm", 1.4, "petal_width_cm", 0.2)));
            List<String> memory = new ArrayList<>();
            for (int pass = 1; pass <= 5; pass++) {
                for (String r : runs) {
                    http.postJson("/api/v1/runs/" + r + "/predict", flower);
                }
                System.gc();
                long heap = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
                memory.add("pass %d: heap %d MB, resident %d MB, cached %d".formatted(pass, heap >> 20, resident() >> 10,
                        inference.cachedModels()));
            }
            memory.forEach(m -> System.out.println("  " + m));
            System.out.printf("SUMMARY predict-cache (%d models in turn, cache of 10): %s → %s%n", modelCount,
                    memory.get(0), memory.get(memory.size() - 1));
        }
    }

    private static Map<String, Object> firstRow() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("server/src/test/resources/data/breast_cancer_test.csv"));
        String[] header = lines.get(0).split(",");
        String[] cells = lines.get(1).split(",");
        Map<String, Object> row = new HashMap<>();
        for (int i = 0; i < header.length - 1; i++) {
            row.put(header[i], Double.parseDouble(cells[i]));
        }
        return row;
    }

    private static double percentile(double[] values, int p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    /** Resident set size in kB, from /proc (Linux). */
    private static long resident() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS"))
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElse(0L);
        } catch (Exception e) {
            return 0;
        }
    }
}
