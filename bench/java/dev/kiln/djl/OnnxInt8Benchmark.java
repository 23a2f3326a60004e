package dev.kiln.djl;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.kiln.KilnApplication;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What int8 quantization buys when the model leaves Kiln: the Fashion-MNIST benchmark CNN trained (Fashion-MNIST
 * from Debian's package, 60,000 training images), compressed to int8 per channel with the 10,000 test images as
 * calibration rows, both exported to ONNX; prints the artifact and ONNX bytes, the test accuracy of both, and ONNX
 * Runtime's latency for a batch and for single images, float against int8, alternating (medians).
 * Arguments: [epochs=1] [repetitions=7] [directory of the IDX files=/usr/share/datasets/fashion-mnist].
 */
public final class OnnxInt8Benchmark {
    private OnnxInt8Benchmark() {}

    public static void main(String[] args) throws Exception {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        int repetitions = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        Path idx = Path.of(args.length > 2 ? args[2] : "/usr/share/datasets/fashion-mnist");
        Path files = Files.createTempDirectory("kiln-onnx-bench-");
        try (ConfigurableApplicationContext kiln = SpringApplication.run(KilnApplication.class, "--server.port=0",
                "--kiln.storage.root=" + files, "--logging.level.root=WARN", "--db-scheduler.polling-interval=1s")) {
            var http = new BenchHttp(kiln.getEnvironment().getProperty("local.server.port", Integer.class), files);
            String train = http.uploadIdx(idx, "train");
            String test = http.uploadIdx(idx, "t10k");
            String model = http.post("/models", CnnServiceBenchmark.MODEL);
            String run = BenchHttp.id(http.sendJson("/runs", """
                    {"datasetId": "%s", "modelId": "%s", "testDatasetId": "%s",
                     "hyperparameters": {"epochs": %d, "batchSize": 128, "validationSplit": 0, "seed": 1}}"""
                    .formatted(train, model, test, epochs)));
            while (!http.get("/runs/" + run).contains("\"status\":\"SUCCEEDED\"")) {
                if (http.get("/runs/" + run).matches(".*\"status\":\"(FAILED|CANCELLED)\".*")) {
                    throw new IllegalStateException(http.get("/runs/" + run));
                }
                Thread.sleep(2000);
            }
            String compressed = http.sendJson("/runs/" + run + "/compress", """
                    {"quantize": {"weights": "int8", "scheme": "perChannelSymmetric",
                     "calibration": {"datasetId": "%s", "rows": 10000}}}""".formatted(test));
            String copy = compressed.replaceAll(".*\"runId\":\"([^\"]+)\".*", "$1");
            System.out.println("compression: " + compressed.replaceAll(".*\"compression\":", ""));
            byte[] floatOnnx = http.bytes("/runs/" + run + "/model?format=onnx");
            byte[] int8Onnx = http.bytes("/runs/" + copy + "/model?format=onnx");
            System.out.printf("ONNX bytes: float %d, int8 %d (%.3f×)%n", floatOnnx.length, int8Onnx.length,
                    (double) int8Onnx.length / floatOnnx.length);

            float[][][][] batch = images(idx.resolve("t10k-images-idx3-ubyte.gz"), 256);
            float[][][][] one = new float[][][][] {batch[0]};
            var env = OrtEnvironment.getEnvironment();
            var options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(Runtime.getRuntime().availableProcessors());
            // ONNX Runtime keeps DequantizeLinear nodes for its QDQ fusions (it then dequantizes the kernels on every
            // run); with those fusions off it folds them into float initializers when the session loads
            var folding = new OrtSession.SessionOptions();
            folding.setIntraOpNumThreads(Runtime.getRuntime().availableProcessors());
            folding.addConfigEntry("session.disable_quant_qdq", "1");
            try (OrtSession f = env.createSession(floatOnnx, options);
                 OrtSession q = env.createSession(int8Onnx, options);
                 OrtSession folded = env.createSession(int8Onnx, folding)) {
                Bench.compare("onnxruntime batch of 256 (images/s)", repetitions,
                        "float", () -> 256 * 20 / time(f, batch, 20), "int8", () -> 256 * 20 / time(q, batch, 20));
                Bench.compare("onnxruntime single image (images/s)", repetitions,
                        "float", () -> 200 / time(f, one, 200), "int8", () -> 200 / time(q, one, 200));
                Bench.compare("onnxruntime batch of 256, int8 folded at load (images/s)", repetitions,
                        "float", () -> 256 * 20 / time(f, batch, 20), "int8-folded",
                        () -> 256 * 20 / time(folded, batch, 20));
                Bench.compare("onnxruntime single image, int8 folded at load (images/s)", repetitions,
                        "float", () -> 200 / time(f, one, 200), "int8-folded", () -> 200 / time(folded, one, 200));
            }
        }
    }

    /** Seconds for {@code times} runs of {@code session} on {@code images}. */
    private static double time(OrtSession session, float[][][][] images, int times) {
        try (var input = OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), images)) {
            long start = System.nanoTime();
            for (int i = 0; i < times; i++) {
                try (var result = session.run(Map.of("image", input))) {
                    result.get(0);
                }
            }
            return (System.nanoTime() - start) / 1e9;
        } catch (ai.onnxruntime.OrtException e) {
            throw new IllegalStateException(e);
        }
    }

    private static float[][][][] images(Path gz, int count) throws Exception {
        byte[] all;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(Files.readAllBytes(gz)))) {
            all = in.readAllBytes();
        }
        float[][][][] images = new float[count][1][28][28];
        for (int i = 0; i < count; i++) {
            for (int p = 0; p < 784; p++) {
                images[i][0][p / 28][p % 28] = all[16 + i * 784 + p] & 0xff;
            }
        }
        return images;
    }
}
