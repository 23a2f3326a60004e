package dev.kiln.recommend;

import dev.kiln.KilnApplication;
import dev.kiln.support.KilnHttp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Recommendation latency over HTTP, warm cache, sequential requests: a matrix-factorization rating run (32
 * factors) over a catalog of exactly 10,000 items (synthetic interactions: 1,000 users, every item rated at least
 * once, 60,000 ratings), then top-10 requests for random known users, excludeSeen on; and the same in-process
 * (the service call without HTTP and JSON). Arguments: [requests=2000] [items=10000].
 */
public final class RecommendLatencyBenchmark {
    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int items = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int users = 1_000;
        Path files = Files.createTempDirectory("kiln-recommend-bench-");
        try (ConfigurableApplicationContext kiln = SpringApplication.run(KilnApplication.class, "--server.port=0",
                "--kiln.storage.root=" + files, "--logging.level.root=WARN",
                "--db-scheduler.polling-interval=200ms")) {
            // the first admin key, which Kiln writes to its data directory on its first start
            var http = new KilnHttp(kiln.getEnvironment().getProperty("local.server.port", Integer.class))
                    .withKey(Files.readString(files.resolve("admin.key")).strip());
            Recommendations service = kiln.getBean(Recommendations.class);
            Random random = new Random(1);
            StringBuilder csv = new StringBuilder("user,item,rating\n");
            for (int i = 0; i < items; i++) {
                csv.append("u").append(random.nextInt(users)).append(",i").append(i).append(',')
                        .append(1 + random.nextInt(5)).append('\n');
            }
            for (int r = items; r < 60_000; r++) {
                csv.append("u").append(random.nextInt(users)).append(",i").append(random.nextInt(items)).append(',')
                        .append(1 + random.nextInt(5)).append('\n');
            }
            var uploaded = http.uploadTo("/api/v1/datasets", "interactions.csv",
                    csv.toString().getBytes(StandardCharsets.UTF_8));
            if (uploaded.status() != 201) {
                throw new IllegalStateException(uploaded.body());
            }
            String dataset = uploaded.id();
            String model = http.createModel("""
                    {"name": "mf", "layers": [{"type": "matrixFactorization", "factors": 32}]}""");
            String run = http.submitRun("""
                    {"datasetId": "%s", "modelId": "%s", "task": "rating",
                     "interactions": {"user": "user", "item": "item", "rating": "rating"},
                     "hyperparameters": {"epochs": 2, "batchSize": 256, "validationSplit": 0.0}}"""
                    .formatted(dataset, model));
            var done = http.awaitFinished(run);
            if (!"SUCCEEDED".equals(done.get("status").asString())) {
                throw new IllegalStateException(done.toString());
            }
            int catalog = http.get("/api/v1/runs/" + run).json().get("preprocessing").get("interactions")
                    .get("items").asInt();
            java.util.UUID runId = java.util.UUID.fromString(run);
            for (int i = 0; i < 300; i++) {
                http.postJson("/api/v1/runs/" + run + "/recommend", Map.of("user", "u" + random.nextInt(users)));
                service.recommend(runId, "u" + random.nextInt(users), 10, true);
            }
            double[] overHttp = new double[requests];
            double[] inProcess = new double[requests];
            for (int i = 0; i < requests; i++) {
                String user = "u" + random.nextInt(users);
                long start = System.nanoTime();
                var answer = http.postJson("/api/v1/runs/" + run + "/recommend", Map.of("user", user, "k", 10));
                overHttp[i] = (System.nanoTime() - start) / 1e6;
                if (answer.status() != 200 || answer.json().get("coldStart").asBoolean()) {
                    throw new IllegalStateException(answer.body());
                }
                start = System.nanoTime();
                service.recommend(runId, user, 10, true);
                inProcess[i] = (System.nanoTime() - start) / 1e6;
            }
            System.out.printf("SUMMARY recommend-latency (top 10 of %d items, %d sequential requests, warm cache): "
                    + "over HTTP median %.2f ms p99 %.2f ms; in-process median %.2f ms p99 %.2f ms%n", catalog,
                    requests, percentile(overHttp, 50), percentile(overHttp, 99), percentile(inProcess, 50),
                    percentile(inProcess, 99));
        }
    }

    private static double percentile(double[] values, int p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }
}
