package dev.kiln.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.dataset.TestImages;
import dev.kiln.support.KilnHttp;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Image datasets and convolutional networks over HTTP, on real Fashion-MNIST images (600 training and 200 test
 * images committed under {@code src/test/resources/fashion-mnist}, see its README): the same images as IDX and as a
 * ZIP of PNG class folders give the same profile; a small CNN trained on them beats chance clearly on the held-out
 * images; unsafe archives are refused. Implemented once per database.
 */
public interface ImagesContract {
    Path SUBSET = Path.of("src/test/resources/fashion-mnist");
    String CNN = """
            {"name": "small-cnn", "layers": [
              {"type": "conv2d", "filters": 8, "kernelSize": 3, "activation": "relu"},
              {"type": "maxPool2d", "poolSize": 2},
              {"type": "conv2d", "filters": 16, "kernelSize": [3, 3], "activation": "relu"},
              {"type": "maxPool2d"},
              {"type": "flatten"},
              {"type": "dense", "units": 32, "activation": "relu"},
              {"type": "dense", "units": 10, "activation": "softmax"}]}""";

    KilnHttp http();

    Path storageRoot();

    private static byte[] resource(String name) {
        try {
            return Files.readAllBytes(SUBSET.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] gunzip(byte[] gz) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private KilnHttp.Answer uploadIdx(String split, Map<String, String> fields) {
        return http().multipart("/api/v1/datasets", List.of(
                new KilnHttp.Part("images", split + "-images-idx3-ubyte.gz", resource(split + "-images-idx3-ubyte.gz")),
                new KilnHttp.Part("labels", split + "-labels-idx1-ubyte.gz", resource(split + "-labels-idx1-ubyte.gz"))),
                fields);
    }

    /** The same images as PNG files in class folders: {@code <label>/<index>.png}. */
    private static byte[] zipOfPngs(String split) {
        byte[] images = gunzip(resource(split + "-images-idx3-ubyte.gz"));
        byte[] labels = gunzip(resource(split + "-labels-idx1-ubyte.gz"));
        int count = labels.length - 8;
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            byte[] pixels = java.util.Arrays.copyOfRange(images, 16 + i * 784, 16 + (i + 1) * 784);
            entries.put("fashion/" + labels[8 + i] + "/" + String.format("%05d", i) + ".png",
                    TestImages.grayPng(pixels, 28, 28));
        }
        return TestImages.zip(entries);
    }

    private static JsonNode created(KilnHttp.Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json();
    }

    private static JsonNode problem(KilnHttp.Answer answer, int status, String field, String reason) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.body()).doesNotContain("Exception").doesNotContain("\tat ");
        JsonNode body = answer.json();
        if (field != null) {
            assertThat(body.get("errors")).anySatisfy(error -> {
                assertThat(error.get("field").asString()).isEqualTo(field);
                assertThat(error.get("message").asString()).containsIgnoringCase(reason);
            });
        } else {
            assertThat(body.get("detail").asString()).containsIgnoringCase(reason);
        }
        return body;
    }

    @Test
    default void theSameImagesAsIdxAndAsAZipOfPngClassFoldersGiveTheSameProfile() {
        JsonNode idx = created(uploadIdx("train", Map.of()));
        JsonNode zip = created(http().upload("fashion.zip", zipOfPngs("train"), Map.of()));

        assertThat(idx.get("format").asString()).isEqualTo("idx");
        assertThat(zip.get("format").asString()).isEqualTo("image-folders");
        assertThat(idx.get("name").asString()).isEqualTo("train");
        assertThat(zip.get("rows").asLong()).isEqualTo(idx.get("rows").asLong()).isEqualTo(600);
        assertThat(zip.get("columns")).isEqualTo(idx.get("columns"));
        JsonNode images = idx.get("images");
        assertThat(images.get("height").asInt()).isEqualTo(28);
        assertThat(images.get("width").asInt()).isEqualTo(28);
        assertThat(images.get("channels").asInt()).isEqualTo(1);
        assertThat(images.get("colorMode").asString()).isEqualTo("grayscale");
        assertThat(images.get("classes")).hasSize(10);
        assertThat(images.get("skippedCount").asLong()).isZero();
        for (String field : List.of("height", "width", "channels", "colorMode", "classes", "mean", "std",
                "sourceSizes", "skippedCount")) {
            assertThat(zip.get("images").get(field)).as(field).isEqualTo(images.get(field));
        }
        // the first image of class 0 is stored with the same pixels either way
        byte[] labels = gunzip(resource("train-labels-idx1-ubyte.gz"));
        int firstZero = 0;
        while (labels[8 + firstZero] != 0) {
            firstZero++;
        }
        assertThat(http().bytes("/api/v1/datasets/" + zip.get("id").asString() + "/images/0"))
                .isEqualTo(http().bytes("/api/v1/datasets/" + idx.get("id").asString() + "/images/" + firstZero));
        JsonNode preview = http().get("/api/v1/datasets/" + zip.get("id").asString() + "/preview?limit=2").json();
        assertThat(preview.get("rows").get(0).get("file").asString()).isEqualTo(
                "fashion/0/" + String.format("%05d", firstZero) + ".png");
    }

    @Test
    default void aSmallCnnTrainedOnImagesBeatsChanceOnHeldOutImagesAndPredictsUploadedOnes() {
        String train = created(http().upload("fashion.zip", zipOfPngs("train"), Map.of())).get("id").asString();
        String test = created(uploadIdx("test", Map.of())).get("id").asString();
        String model = http().createModel(CNN);

        JsonNode check = http().post("/api/v1/models/" + model + "/check?datasetId=" + train).json();
        assertThat(check.get("input").toString()).isEqualTo("[1,28,28]");
        assertThat(check.get("layers").get(0).get("outputShape").toString()).isEqualTo("[8,26,26]");
        assertThat(check.get("layers").get(3).get("outputShape").toString()).isEqualTo("[16,5,5]");
        assertThat(check.get("layers").get(4).get("outputShape").toString()).isEqualTo("[400]");
        assertThat(check.get("parameters").asLong()).isEqualTo(80 + 1168 + 12832 + 330);
        assertThat(check.get("task").asString()).isEqualTo("multiclass");

        String run = http().submitRun("""
                {"datasetId": "%s", "modelId": "%s", "testDatasetId": "%s",
                 "augmentation": {"horizontalFlip": true},
                 "preprocessing": {"imageNormalization": "perChannel"},
                 "hyperparameters": {"epochs": 10, "batchSize": 32, "validationSplit": 0.1, "seed": 7,
                                     "optimizer": {"type": "adam", "learningRate": 0.003},
                                     "metrics": ["accuracy", {"name": "f1", "average": "macro"}]}}"""
                .formatted(train, model, test));
        JsonNode done = http().awaitFinished(run);

        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(done.get("target").asString()).isEqualTo("label");
        assertThat(done.get("task").asString()).isEqualTo("multiclass");
        JsonNode input = done.get("preprocessing").get("images");
        assertThat(input.get("height").asInt()).isEqualTo(28);
        assertThat(input.get("mean").get(0).asDouble()).as("fitted on the training split").isBetween(0.2, 0.4);
        assertThat(input.get("std").get(0).asDouble()).isBetween(0.2, 0.45);
        assertThat(done.get("spec").get("augmentation").get("horizontalFlip").asBoolean()).isTrue();
        double testAccuracy = done.get("metrics").get("test_accuracy").asDouble();
        assertThat(testAccuracy).as("10 classes: chance is 0.1").isGreaterThan(0.5);
        JsonNode epochs = http().get("/api/v1/runs/" + run + "/metrics").json().get("epochs");
        assertThat(epochs).hasSize(10);
        assertThat(epochs.get(9).get("metrics").get("val_accuracy").asDouble()).isGreaterThan(0.4);

        JsonNode evaluated = http().postJson("/api/v1/runs/" + run + "/evaluate", Map.of("datasetId", test)).json();
        assertThat(evaluated.get("rows").asInt()).isEqualTo(200);
        assertThat(evaluated.get("metrics").get("accuracy").asDouble()).isCloseTo(testAccuracy,
                org.assertj.core.data.Offset.offset(1e-6));

        byte[] images = gunzip(resource("test-images-idx3-ubyte.gz"));
        List<KilnHttp.Part> parts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            parts.add(new KilnHttp.Part("image", i + ".png",
                    TestImages.grayPng(java.util.Arrays.copyOfRange(images, 16 + i * 784, 16 + (i + 1) * 784), 28, 28)));
        }
        parts.add(new KilnHttp.Part("image", "big.jpg", TestImages.rgb(56, 56, 0x808080, "jpg")));
        JsonNode predicted = http().multipart("/api/v1/runs/" + run + "/predict", parts, Map.of()).json();
        assertThat(predicted.get("predictions")).hasSize(4).allSatisfy(p -> {
            assertThat(p.get("label").asString()).matches("[0-9]");
            assertThat(p.get("probabilities")).hasSize(10);
        });
        problem(http().multipart("/api/v1/runs/" + run + "/predict",
                List.of(new KilnHttp.Part("image", "notes.txt", "hello".getBytes())), Map.of()), 422, "image[0]",
                "not a PNG, JPEG, BMP or GIF");
        problem(http().postJson("/api/v1/runs/" + run + "/predict", Map.of("rows", List.of(Map.of("a", 1)))), 422,
                "rows", "takes images");
    }

    @Test
    default void refusesUnsafeArchivesAndWritesNothingOutsideTheDatasetsStorage() throws IOException {
        byte[] png = TestImages.gray(4, 4, 0, "png");
        problem(http().upload("evil.zip", TestImages.zip(TestImages.entries("a/1.png", png, "../../evil.png", png)),
                Map.of()), 422, "file", "climbs out of the archive");
        problem(http().upload("abs.zip", TestImages.zip(TestImages.entries("/tmp/kiln-evil.png", png)), Map.of()),
                422, "file", "absolute path");
        problem(http().upload("link.zip", TestImages.zipWithSymlink("a/link.png", "/etc/passwd"), Map.of()), 422,
                "file", "symbolic link");
        problem(http().upload("bomb.zip", TestImages.zip(TestImages.entries("a/bomb.png", new byte[50 << 20])),
                Map.of()), 422, "file", "max-compression-ratio");
        problem(http().upload("nothing.zip", TestImages.zip(TestImages.entries("a/readme.txt", "hi".getBytes(),
                "b/inner.zip", TestImages.zip(TestImages.entries("x/1.png", png)))), Map.of()), 422, "file",
                "no image in a class folder");
        problem(http().upload("fake.zip", "a,b\n1,2\n".getBytes(), Map.of()), 422, "file", "not a ZIP archive");
        problem(http().upload("data.csv", "a,b\n1,2\n".getBytes(), Map.of("imageSize", "28")), 422, "imageSize",
                "applies to image uploads");
        problem(http().multipart("/api/v1/datasets", List.of(new KilnHttp.Part("images", "x.gz",
                resource("train-images-idx3-ubyte.gz"))), Map.of()), 422, "labels", "needs both parts");
        problem(http().multipart("/api/v1/datasets", List.of(
                new KilnHttp.Part("images", "i.gz", resource("train-images-idx3-ubyte.gz")),
                new KilnHttp.Part("labels", "l.gz", resource("test-labels-idx1-ubyte.gz"))), Map.of()), 422, "labels",
                "600 images");

        try (Stream<Path> files = Files.walk(storageRoot())) {
            assertThat(files.map(Path::getFileName).map(Path::toString))
                    .doesNotContain("evil.png", "kiln-evil.png", "link.png", "bomb.png", "1.png");
        }
        assertThat(storageRoot().getParent().resolve("evil.png")).doesNotExist();
        assertThat(Path.of("/tmp/kiln-evil.png")).doesNotExist();
        JsonNode kept = created(http().upload("mixed.zip", TestImages.zip(TestImages.entries(
                "a/1.png", png, "b/2.png", TestImages.gray(4, 4, 9, "bmp"), "a/notes.txt", "x".getBytes(),
                "b/inner.zip", TestImages.zip(TestImages.entries("x/1.png", png)),
                "b/cut.png", java.util.Arrays.copyOf(png, png.length / 2))), Map.of()));
        assertThat(kept.get("rows").asInt()).isEqualTo(2);
        assertThat(kept.get("images").get("skippedCount").asInt()).isEqualTo(3);
        assertThat(storedFiles(kept.get("id").asString()))
                .containsExactlyInAnyOrder("archive.zip", "pixels.bin", "images.bin");
    }

    /** The names of the blobs a dataset's upload stored: its directory in the local store (another store overrides). */
    default List<String> storedFiles(String datasetId) throws IOException {
        try (Stream<Path> files = Files.list(storageRoot().resolve("datasets").resolve(datasetId))) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }

    @Test
    default void checksShapesBeforeAnythingIsQueuedAndNamesTheLayerThatDoesNotFit() {
        String images = created(uploadIdx("test", Map.of())).get("id").asString();
        String small = created(uploadIdx("test", Map.of("imageSize", "14"))).get("id").asString();
        String table = http().uploadId("iris_train.csv");
        String cnn = http().createModel(CNN);
        String noFlatten = http().createModel("""
                {"name": "no-flatten", "layers": [{"type": "conv2d", "filters": 4, "kernelSize": 3},
                  {"type": "dense", "units": 10, "activation": "softmax"}]}""");
        String tooDeep = http().createModel("""
                {"name": "too-deep", "layers": [{"type": "conv2d", "filters": 4, "kernelSize": 5},
                  {"type": "maxPool2d", "poolSize": 4}, {"type": "conv2d", "filters": 4, "kernelSize": 7},
                  {"type": "flatten"}, {"type": "dense", "units": 10, "activation": "softmax"}]}""");

        JsonNode misfit = problem(http().post("/api/v1/models/" + tooDeep + "/check?datasetId=" + images), 422,
                "layers[2]", "7×7 kernel does not fit the 6×6 input");
        assertThat(misfit.get("layers")).hasSize(2);
        assertThat(misfit.get("layers").get(1).get("outputShape").toString()).isEqualTo("[4,6,6]");
        problem(http().post("/api/v1/models/" + noFlatten + "/check?inputShape=1,28,28"), 422, "layers[1]",
                "add flatten or globalAvgPool2d");
        problem(http().post("/api/v1/models/" + cnn + "/check?datasetId=" + table + "&target=target"), 422,
                "layers[0]", "needs images");
        assertThat(http().post("/api/v1/models/" + cnn + "/check?inputShape=3,32,32").json().get("parameters")
                .asLong()).isEqualTo(8 * 27 + 8 + 1168 + 16 * 6 * 6 * 32 + 32 + 330);

        problem(http().postJson("/api/v1/runs", Map.of("datasetId", images, "modelId", tooDeep)), 422, "modelId",
                "layers[2] (conv2d)");
        problem(http().postJson("/api/v1/runs", Map.of("datasetId", table, "modelId", cnn, "target", "target")), 422,
                "modelId", "layers[0] (conv2d)");
        problem(http().postJson("/api/v1/runs", Map.of("datasetId", images, "modelId", cnn,
                "features", List.of("pixel"))), 422, "features", "inputs are its pixels");
        problem(http().postJson("/api/v1/runs", Map.of("datasetId", images, "modelId", cnn, "task", "regression")),
                422, "task", "regression");
        problem(http().postJson("/api/v1/runs", Map.of("datasetId", images, "modelId", cnn, "testDatasetId", small)),
                422, "testDatasetId", "1×14×14");
        problem(http().postJson("/api/v1/runs", Map.of("datasetId", table, "modelId", cnn, "target", "target",
                "augmentation", Map.of("horizontalFlip", true))), 422, "augmentation", "applies to image datasets");
        problem(http().postJson("/api/v1/runs", Map.of("datasetId", images, "modelId", cnn,
                "augmentation", Map.of("rotation", 400))), 422, "augmentation.rotation", "less than or equal to 180");
        problem(http().postJson("/api/v1/runs", Map.of("datasetId", table, "modelId", cnn)), 422, "target",
                "required for a tabular dataset");
        problem(http().postJson("/api/v1/models", """
                {"name": "bad", "layers": [{"type": "conv2d", "filters": 4, "kernelSize": [3, 0]},
                  {"type": "dense", "units": 2}]}"""), 422, "layers[0].kernelSize", "between 1 and 1024");
    }
}
