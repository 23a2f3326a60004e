package dev.kiln.djl;

import dev.kiln.KilnApplication;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
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
    private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");
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

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;

    private CnnServiceBenchmark(int port) {
        this.base = "http://localhost:" + port + "/api/v1";
    }

    public static void main(String[] args) throws Exception {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        Path idx = Path.of(args.length > 1 ? args[1] : "/usr/share/datasets/fashion-mnist");
        Path files = Files.createTempDirectory("kiln-cnn-bench-");
        try (ConfigurableApplicationContext kiln = SpringApplication.run(KilnApplication.class, "--server.port=0",
                "--kiln.storage.root=" + files, "--logging.level.root=WARN", "--logging.level.dev.kiln.training=INFO",
                "--db-scheduler.polling-interval=1s")) {
            var bench = new CnnServiceBenchmark(kiln.getEnvironment().getProperty("local.server.port", Integer.class));
            long start = System.nanoTime();
            String train = bench.uploadIdx(idx.resolve("train-images-idx3-ubyte.gz"),
                    idx.resolve("train-labels-idx1-ubyte.gz"));
            double upload = (System.nanoTime() - start) / 1e9;
            String test = bench.uploadIdx(idx.resolve("t10k-images-idx3-ubyte.gz"), idx.resolve("t10k-labels-idx1-ubyte.gz"));
            String model = bench.post("/models", MODEL);
            System.out.printf("uploaded and decoded 60,000 training images in %.1f s%n", upload);
            String check = bench.sendJson("/models/" + model + "/check?datasetId=" + train, "");
            System.out.println("check: " + check.replaceAll(",\"layers\":\\[.*]", ""));
            String run = id(bench.sendJson("/runs", """
                    {"datasetId": "%s", "modelId": "%s", "testDatasetId": "%s",
                     "hyperparameters": {"epochs": %d, "batchSize": 128, "validationSplit": 0, "seed": 1,
                                         "optimizer": {"type": "adam", "learningRate": 0.001}}}"""
                    .formatted(train, model, test, epochs)));
            String done = bench.await(run);
            String metrics = bench.get("/runs/" + run + "/metrics");
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
            String body = get("/runs/" + run);
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
        String boundary = "bench-" + UUID.randomUUID();
        var body = new ByteArrayOutputStream();
        for (var part : new Object[][] {{"images", images}, {"labels", labels}}) {
            Path file = (Path) part[1];
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + part[0]
                    + "\"; filename=\"" + file.getFileName() + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            body.writeBytes(Files.readAllBytes(file));
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return id(send(HttpRequest.newBuilder(URI.create(base + "/datasets"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build()));
    }

    private String sendJson(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private String post(String path, String json) {
        return id(sendJson(path, json));
    }

    private String get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET().build());
    }

    private static String id(String body) {
        Matcher m = ID.matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("no id in " + body);
        }
        return m.group(1);
    }

    private String send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(response.statusCode() + " " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
