package dev.kiln.djl;

import dev.kiln.KilnApplication;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Magnitude pruning on the full Fashion-MNIST (Debian's package): the benchmark CNN trained twice with the same seed
 * and epochs, once dense and once pruned to {@code sparsity} over epochs 2 … epochs−1 (polynomial), both tested on the
 * 10,000 test images; prints both test accuracies, the pruned run's final sparsity per layer and both artifacts' bytes.
 * Arguments: [epochs=4] [sparsity=0.8] [directory of the IDX files=/usr/share/datasets/fashion-mnist].
 */
public final class PruningBenchmark {
    private static final Pattern STATUS = Pattern.compile("\"status\":\"([A-Z]+)\"");

    private PruningBenchmark() {}

    public static void main(String[] args) throws Exception {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        double sparsity = args.length > 1 ? Double.parseDouble(args[1]) : 0.8;
        Path idx = Path.of(args.length > 2 ? args[2] : "/usr/share/datasets/fashion-mnist");
        Path files = Files.createTempDirectory("kiln-pruning-bench-");
        try (ConfigurableApplicationContext kiln = SpringApplication.run(KilnApplication.class, "--server.port=0",
                "--kiln.storage.root=" + files, "--logging.level.root=WARN", "--db-scheduler.polling-interval=1s")) {
            var http = new BenchHttp(kiln.getEnvironment().getProperty("local.server.port", Integer.class), files);
            String train = http.uploadIdx(idx, "train");
            String test = http.uploadIdx(idx, "t10k");
            String body = """
                    {"datasetId": "%s", "modelId": "%s", "testDatasetId": "%s",
                     "hyperparameters": {"epochs": %d, "batchSize": 128, "validationSplit": 0, "seed": 1}%s}""";
            String dense = await(http, BenchHttp.id(http.sendJson("/runs", body.formatted(train,
                    http.post("/models", CnnServiceBenchmark.MODEL), test, epochs, ""))));
            String pruning = """
                    , "pruning": {"targetSparsity": %s, "beginEpoch": 2, "endEpoch": %d}""".formatted(sparsity,
                    Math.max(2, epochs - 1));
            String pruned = await(http, BenchHttp.id(http.sendJson("/runs", body.formatted(train,
                    http.post("/models", CnnServiceBenchmark.MODEL), test, epochs, pruning))));
            String epochRows = http.get("/runs/" + pruned + "/metrics");
            Matcher last = Pattern.compile("\"sparsity\":([0-9.]+)").matcher(epochRows);
            String finalSparsity = "?";
            while (last.find()) {
                finalSparsity = last.group(1);
            }
            Matcher layers = Pattern.compile("\"(sparsity_layer\\d+)\":([0-9.]+)").matcher(epochRows);
            StringBuilder perLayer = new StringBuilder();
            java.util.Map<String, String> latest = new java.util.LinkedHashMap<>();
            while (layers.find()) {
                latest.put(layers.group(1), layers.group(2));
            }
            latest.forEach((k, v) -> perLayer.append(k).append('=').append(v).append(' '));
            System.out.printf("SUMMARY pruning %.0f%% epochs=%d: test accuracy dense %.4f, pruned %.4f (difference %.4f);"
                            + " final sparsity %s (%s); artifact bytes dense %d, pruned %d%n", sparsity * 100, epochs,
                    number(http.get("/runs/" + dense), "test_accuracy"), number(http.get("/runs/" + pruned),
                            "test_accuracy"), number(http.get("/runs/" + pruned), "test_accuracy")
                            - number(http.get("/runs/" + dense), "test_accuracy"), finalSparsity,
                    perLayer.toString().strip(), http.bytes("/runs/" + dense + "/model").length,
                    http.bytes("/runs/" + pruned + "/model").length);
        }
    }

    private static String await(BenchHttp http, String run) throws InterruptedException {
        while (true) {
            Matcher status = STATUS.matcher(http.get("/runs/" + run));
            status.find();
            switch (status.group(1)) {
                case "SUCCEEDED" -> {
                    return run;
                }
                case "QUEUED", "RUNNING" -> Thread.sleep(2000);
                default -> throw new IllegalStateException("run ended " + http.get("/runs/" + run));
            }
        }
    }

    private static double number(String body, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":([0-9.eE-]+)").matcher(body);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }
}
