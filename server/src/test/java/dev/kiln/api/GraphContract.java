package dev.kiln.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.support.KilnHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Models that are graphs: named layers reading named inputs, merges, input layers reading columns. They trace to
 * Keras's parameter counts, train, predict, export and import as artifacts, warm-start — exactly as stacks do.
 * Implemented once per database.
 */
public interface GraphContract {
    KilnHttp http();

    static String example(String name) {
        try {
            return Files.readString(Path.of("../examples/models", name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String train(String dataset, String model, String test, String hyperparameters) {
        String run = http().submitRun("""
                {"datasetId": "%s", "modelId": "%s", "target": "target", "testDatasetId": "%s",
                 "hyperparameters": %s}""".formatted(dataset, model, test, hyperparameters));
        JsonNode done = http().awaitFinished(run);
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        return run;
    }

    @Test
    default void aWideAndDeepModelReadsItsColumnsAndLandsInThePlainMlpsBand() {
        String train = http().uploadId("breast_cancer_train.csv");
        String test = http().uploadId("breast_cancer_test.csv");
        String wide = http().createModel(example("wide-and-deep.json"));
        String mlp = http().createModel("""
                {"name": "mlp", "layers": [{"type": "dense", "units": 64, "activation": "relu"},
                 {"type": "dense", "units": 1, "activation": "sigmoid"}]}""");
        String hyperparameters = "{\"epochs\": 50, \"batchSize\": 32, \"seed\": 42, \"validationSplit\": 0.0}";

        JsonNode check = http().post("/api/v1/models/" + wide + "/check?datasetId=" + train + "&target=target").json();
        String wideRun = train(train, wide, test, hyperparameters);
        String mlpRun = train(train, mlp, test, hyperparameters);

        assertThat(check.get("parameters").asLong()).as("Keras's count_params").isEqualTo(1547);
        assertThat(check.get("layers").get(4).get("inputs")).extracting(JsonNode::asString)
                .containsExactly("wide", "deep_2");
        assertThat(check.get("layers").get(4).get("outputShape").toString()).isEqualTo("[26]");
        JsonNode run = http().get("/api/v1/runs/" + wideRun).json();
        assertThat(run.get("features")).hasSize(30);
        double wideAccuracy = run.get("metrics").get("test_accuracy").asDouble();
        double mlpAccuracy = http().get("/api/v1/runs/" + mlpRun).json().get("metrics").get("test_accuracy")
                .asDouble();
        System.out.printf("breast cancer test accuracy: wide & deep %.4f, plain MLP %.4f%n", wideAccuracy,
                mlpAccuracy);
        assertThat(wideAccuracy).isGreaterThanOrEqualTo(0.93).isGreaterThanOrEqualTo(mlpAccuracy - 0.03);

        String row = "{\"rows\": [" + rowOf(Path.of("src/test/resources/data/breast_cancer_test.csv")) + "]}";
        JsonNode prediction = http().postJson("/api/v1/runs/" + wideRun + "/predict", row).json();
        assertThat(prediction.get("predictions").get(0).get("probabilities")).hasSize(2);
    }

    private static int manifestVersion(byte[] artifact) {
        try (var zip = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(artifact))) {
            for (var entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                if (entry.getName().equals("kiln-model.json")) {
                    return tools.jackson.databind.json.JsonMapper.builder().build().readTree(zip.readAllBytes())
                            .get("version").asInt();
                }
            }
            throw new AssertionError("no manifest");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first row of a CSV as a JSON object of its feature columns. */
    private static String rowOf(Path csv) {
        try {
            List<String> lines = Files.readAllLines(csv);
            String[] names = lines.get(0).split(",");
            String[] values = lines.get(1).split(",");
            StringBuilder row = new StringBuilder("{");
            for (int i = 0; i < names.length - 1; i++) {
                row.append(i == 0 ? "" : ", ").append('"').append(names[i]).append("\": ").append(values[i]);
            }
            return row.append('}').toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    default void aGraphModelsArtifactImportsAndPredictsTheSameAndItWarmStarts() {
        String train = http().uploadId("breast_cancer_train.csv");
        String test = http().uploadId("breast_cancer_test.csv");
        String model = http().createModel(example("wide-and-deep.json"));
        String run = train(train, model, test, "{\"epochs\": 3, \"seed\": 1}");
        String rows = "{\"rows\": [" + rowOf(Path.of("src/test/resources/data/breast_cancer_test.csv")) + "]}";
        JsonNode before = http().postJson("/api/v1/runs/" + run + "/predict", rows).json().get("predictions");

        byte[] artifact = http().bytes("/api/v1/runs/" + run + "/model");
        assertThat(manifestVersion(artifact)).as("a graph's artifact is version 2").isEqualTo(2);
        KilnHttp.Answer imported = http().uploadTo("/api/v1/models/import", "wide.zip", artifact);
        assertThat(imported.status()).as(imported.body()).isEqualTo(201);
        JsonNode after = http().postJson("/api/v1/runs/" + imported.json().get("runId").asString() + "/predict", rows)
                .json().get("predictions");
        assertThat(after).isEqualTo(before);

        String warm = http().submitRun("""
                {"datasetId": "%s", "modelId": "%s", "target": "target", "initFrom": {"runId": "%s"},
                 "hyperparameters": {"epochs": 1}}""".formatted(train, model, run));
        assertThat(http().awaitFinished(warm).get("status").asString()).isEqualTo("SUCCEEDED");
    }

    @Test
    default void anEmbeddingLearnsVectorsForTheCategoriesOfItsColumns() {
        String data = http().uploadId("breast-cancer-recurrence.csv");
        String model = http().createModel("""
                {"name": "embedded", "layers": [
                  {"type": "input", "name": "categories", "columns": ["age", "menopause", "tumor-size", "inv-nodes",
                   "node-caps", "breast", "breast-quad", "irradiat"]},
                  {"type": "embedding", "outputDim": 4},
                  {"type": "flatten"},
                  {"type": "input", "name": "malignancy", "columns": ["deg-malig"]},
                  {"type": "concatenate", "inputs": ["flatten", "malignancy"]},
                  {"type": "dense", "units": 8, "activation": "relu"},
                  {"type": "dense", "units": 1, "activation": "sigmoid"}]}""");

        JsonNode check = http().post("/api/v1/models/" + model + "/check?datasetId=" + data + "&target=Class").json();
        String run = http().submitRun("""
                {"datasetId": "%s", "modelId": "%s", "target": "Class",
                 "hyperparameters": {"epochs": 40, "seed": 3, "validationSplit": 0.0}}""".formatted(data, model));
        JsonNode done = http().awaitFinished(run);

        assertThat(check.get("layers").get(1).get("outputShape").toString()).isEqualTo("[4,8]");
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(done.get("spec").get("preprocessing").get("columns").get("age").get("encode").asString())
                .isEqualTo("ordinal");
        assertThat(done.get("metrics").get("accuracy").asDouble()).as("the majority class is 0.70")
                .isGreaterThan(0.75);
        JsonNode prediction = http().postJson("/api/v1/runs/" + run + "/predict", Map.of("rows", List.of(Map.of(
                "age", "40-49", "menopause", "premeno", "deg-malig", 3, "breast", "unheard-of")))).json();
        assertThat(prediction.get("predictions").get(0).get("label").asString()).isNotBlank();
    }

    private String uploadFashion(String split, Map<String, String> fields) {
        Path subset = Path.of("src/test/resources/fashion-mnist");
        try {
            KilnHttp.Answer answer = http().multipart("/api/v1/datasets", List.of(
                    new KilnHttp.Part("images", split + "-images.gz", Files.readAllBytes(subset.resolve(split
                            + "-images-idx3-ubyte.gz"))),
                    new KilnHttp.Part("labels", split + "-labels.gz", Files.readAllBytes(subset.resolve(split
                            + "-labels-idx1-ubyte.gz")))), fields);
            assertThat(answer.status()).as(answer.body()).isEqualTo(201);
            return answer.id();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Both train to far above chance (0.1). On 600 images the skip connections do not decide the outcome: over seeds,
     * Keras on the same data and hyperparameters has the residual network from 0.08 behind to 0.14 ahead of the plain
     * one (bench/python/graph_reference.py), and Kiln's results fall in the same spread — so the test asks that the
     * residual network learns as well as that spread allows, not that one seed's coin lands on its side.
     */
    @Test
    default void aResidualCnnLearnsAsWellAsTheSameNetworkWithoutItsSkipConnections() {
        String train = uploadFashion("train", Map.of());
        String test = uploadFashion("test", Map.of());
        String hyperparameters = """
                {"epochs": 8, "batchSize": 32, "seed": 7, "validationSplit": 0.0,
                 "optimizer": {"type": "adam", "learningRate": 0.003}}""";
        double[] accuracy = new double[2];
        String[] models = {"residual-cnn.json", "plain-cnn.json"};
        for (int i = 0; i < 2; i++) {
            String model = http().createModel(example(models[i]));
            String run = http().submitRun("""
                    {"datasetId": "%s", "modelId": "%s", "testDatasetId": "%s", "hyperparameters": %s}"""
                    .formatted(train, model, test, hyperparameters));
            JsonNode done = http().awaitFinished(run);
            assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
            accuracy[i] = done.get("metrics").get("test_accuracy").asDouble();
        }
        System.out.printf("Fashion-MNIST subset, 8 epochs, seed 7: residual %.4f, plain %.4f%n", accuracy[0],
                accuracy[1]);
        assertThat(accuracy[0]).isGreaterThan(0.5).isGreaterThanOrEqualTo(accuracy[1] - 0.12);
        assertThat(accuracy[1]).isGreaterThan(0.5);
    }
}
