package dev.kiln.djl;

import dev.kiln.KilnApplication;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The Fashion-MNIST CNN of the images issue, through the service: the full training set (60,000 images) and the
 * test set (10,000) uploaded as IDX pairs, the network {@code conv2d 32 3×3 relu → maxPool 2 → conv2d 64 3×3 relu
 * → maxPool 2 → flatten → dense 128 relu → dropout 0.5 → dense 10 softmax} trained with Adam 1e-3, batch 128, and
 * tested on the 10,000 test images. Prints upload time, images/s per epoch and test accuracy.
 * Arguments: [epochs=1] [directory of the IDX files=/usr/share/datasets/fashion-mnist].
 */
public final class CnnServiceBenchmark {
    private static final Pattern STATUS = Pattern.compile("\"status\":\"([A-Z]+)\"");
    static final String MODEL = """
            {"name": "fashion-cnn", "layers": [
              {"type": "conv2d", "filters": 32, "kernelSize": 3, "activation": "relu"},
              {"type": "maxPool2d", "poolSize": 2},
              {"type": "conv2d", "filters": 64, "kernelSize": 3, "activation": "relu"},
              {"type": "maxPool2d", "poolSize": 2},
              {"type": "flatten"},
              {"type": "dense", "units": 128, "activation": "relu"},
              {"type": "dropout", "rate": 0.5},
              {"type": "dense", "units": 10, "activation": "softmax"}]}""";

    private final BenchHttp http;

    private CnnServiceBenchmark(int port, Path files) {
        this.http = new BenchHttp(port, files);
    }

    public static void main(String[] args) throws Exception {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        Path idx = Path.of(args.length > 1 ? args[1] : "/usr/share/datasets/fashion-mnist");
        Path files = Files.createTempDirectory("kiln-cnn-bench-");
        try (ConfigurableApplicationContext kiln = SpringApplication.run(KilnApplication.class, "--server.port=0",
                "--kiln.storage.root=" + files, "--logging.level.root=WARN", "--logging.level.dev.kiln.training=INFO",
                "--db-scheduler.polling-interval=1s")) {
            var bench = new CnnServiceBenchmark(kiln.getEnvironment().getProperty("local.server.port", Integer.class),
                    files);
            long start = System.nanoTime();
            String train = bench.uploadIdx(idx.resolve("train-images-idx3-ubyte.gz"),
                    idx.resolve("train-labels-idx1-ubyte.gz"));
            double upload = (System.nanoTime() - start) / 1e9;
            String test = bench.uploadIdx(idx.resolve("t10k-images-idx3-ubyte.gz"), idx.resolve("t10k-labels-idx1-ubyte.gz"));
            String model = bench.http.post("/models", MODEL);
            System.out.printf("uploaded and decoded 60,000 training images in %.1f s%n", upload);
            String check = bench.http.sendJson("/models/" + model + "/check?datasetId=" + train, "");
            System.out.println("check: " + check.replaceAll(",\"layers\":\\[.*]", ""));
            String run = BenchHttp.id(bench.http.sendJson("/runs", """
                    {"datasetId": "%s", "modelId": "%s", "testDatasetId": "%s",
                     "hyperparameters": {"epochs": %d, "batchSize": 128, "validationSplit": 0, "seed": 1,
                                         "optimizer": {"type": "adam", "learningRate": 0.001}}}"""
                    .formatted(train, model, test, epochs)));
            String done = bench.await(run);
            String metrics = bench.http.get("/runs/" + run + "/metrics");
            Matcher rates = Pattern.compile("\"epoch\":(\\d+),\"durationMs\":(\\d+),\"samplesPerSecond\":([0-9.]+)")
                    .matcher(metrics);
            double last = 0;
            while (rates.find()) {
                last = Double.parseDouble(rates.group(3));
                System.out.printf("  epoch %s: %.1f s, %.0f images/s%n", rates.group(1),
                        Long.parseLong(rates.group(2)) / 1e3, last);
            }
            double accuracy = number(done, "test_accuracy");
            double expected = epochs >= 5 ? 0.89 : epochs == 1 ? 0.83 : Double.NaN;
            System.out.println("run: " + done.replaceAll(".*\"device\":\"([^\"]+)\",\"threads\":(\\d+).*",
                    "device $1, $2 intra-op threads"));
            System.out.printf("SUMMARY fashion-mnist-cnn epochs=%d: %.0f images/s (last epoch), test accuracy %.4f on "
                    + "10,000 test images%s%n", epochs, last, accuracy, Double.isNaN(expected) ? ""
                    : String.format(" (expected ≥ %.2f: %s)", expected, accuracy >= expected ? "met" : "NOT met"));
        }
    }

    private String await(String run) throws InterruptedException {
        while (true) {
            String body = http.get("/runs/" + run);
            Matcher status = STATUS.matcher(body);
            status.find();
            switch (status.group(1)) {
                case "SUCCEEDED" -> {
                    return body;
                }
                case "QUEUED", "RUNNING" -> Thread.sleep(2000);
                default -> throw new IllegalStateException("run ended " + body);
            }
        }
    }

    private static double number(String body, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":([0-9.eE-]+)").matcher(body);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    private String uploadIdx(Path images, Path labels) throws IOException {
        return BenchHttp.id(http.multipart("/datasets", List.of(
                new BenchHttp.Part("images", images.getFileName().toString(), Files.readAllBytes(images)),
                new BenchHttp.Part("labels", labels.getFileName().toString(), Files.readAllBytes(labels)))));
    }
}
