package dev.kiln.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.KilnApplication;
import dev.kiln.support.KilnHttp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import tools.jackson.databind.JsonNode;

/** Using what was trained, over HTTP: predictions row by row and in batch, evaluation, artifacts, warm starts. */
public interface InferenceContract {
    String MODEL = """
            {"name": "bc", "layers": [{"type": "dense", "units": 64, "activation": "relu"},
                                      {"type": "dense", "units": 1, "activation": "sigmoid"}]}""";

    KilnHttp http();

    /** The breast-cancer test file's rows as JSON objects (features only) and its labels. */
    private static List<Map<String, Object>> rows(List<String> labels) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("src/test/resources/data/breast_cancer_test.csv"));
        String[] header = lines.get(0).split(",");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 0; i < header.length - 1; i++) {
                row.put(header[i], Double.parseDouble(cells[i]));
            }
            labels.add(cells[header.length - 1]);
            rows.add(row);
        }
        return rows;
    }

    private String trainBreastCancer(String train, String test, String model, int epochs, String extra) {
        String run = http().submitRun("""
                {"datasetId": "%s", "modelId": "%s", "target": "target", "testDatasetId": "%s",
                 "hyperparameters": {"epochs": %d, "batchSize": 32, "seed": 42}%s}"""
                .formatted(train, model, test, epochs, extra));
        JsonNode done = http().awaitFinished(run);
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        return run;
    }

    @Test
    default void rowPredictionsBatchScoringAndEvaluationAgreeWithTheRunsTestAccuracy() throws Exception {
        String train = http().uploadId("breast_cancer_train.csv");
        String test = http().uploadId("breast_cancer_test.csv");
        String run = trainBreastCancer(train, test, http().createModel(MODEL), 50, "");
        double testAccuracy = http().get("/api/v1/runs/" + run).json().get("metrics").get("test_accuracy").asDouble();
        List<String> truth = new ArrayList<>();
        List<Map<String, Object>> rows = rows(truth);

        List<JsonNode> single = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            var answer = http().postJson("/api/v1/runs/" + run + "/predict", Map.of("rows", List.of(row)));
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            single.add(answer.json().get("predictions").get(0));
        }
        long correct = 0;
        for (int i = 0; i < rows.size(); i++) {
            correct += single.get(i).get("label").asString().equals(truth.get(i)) ? 1 : 0;
        }
        assertThat((float) correct / rows.size()).isEqualTo((float) testAccuracy);
        assertThat(single.get(0).get("probabilities").propertyNames()).containsExactly("0", "1");

        var job = http().postJson("/api/v1/runs/" + run + "/predictions", Map.of("datasetId", test));
        assertThat(job.status()).as(job.body()).isEqualTo(202);
        String location = job.headers().firstValue("Location").orElseThrow();
        org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(1)).until(() ->
                http().get(location).json().get("status").asString().equals("SUCCEEDED"));
        List<String> csv = http().get(location + "/result", "text/csv").body().lines().toList();
        assertThat(csv.get(0)).endsWith(",target,prediction,probability_0,probability_1");
        assertThat(csv).hasSize(rows.size() + 1);
        for (int i = 0; i < rows.size(); i++) {
            String[] cells = csv.get(i + 1).split(",");
            assertThat(cells[cells.length - 3]).isEqualTo(single.get(i).get("label").asString());
            // one row or a batch of rows: the same model, summed in another order by the matrix product
            assertThat(Double.parseDouble(cells[cells.length - 1])).isCloseTo(
                    single.get(i).get("probabilities").get("1").asDouble(), org.assertj.core.api.Assertions.within(1e-6));
        }

        JsonNode evaluation = http().postJson("/api/v1/runs/" + run + "/evaluate", Map.of("datasetId", test)).json();
        assertThat(evaluation.get("metrics").get("accuracy").asDouble()).isEqualTo(testAccuracy);
        assertThat(evaluation.get("rows").asInt()).isEqualTo(rows.size());
        assertThat(evaluation.get("confusionMatrix")).hasSize(2);
    }

    @Test
    default void anImportedArtifactPredictsExactlyTheSameProbabilitiesInAFreshKiln() throws Exception {
        String train = http().uploadId("breast_cancer_train.csv");
        String test = http().uploadId("breast_cancer_test.csv");
        String run = trainBreastCancer(train, test, http().createModel(MODEL), 10, "");
        List<Map<String, Object>> rows = rows(new ArrayList<>());
        JsonNode original = http().postJson("/api/v1/runs/" + run + "/predict", Map.of("rows", rows)).json();
        var download = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                http().base() + "/api/v1/runs/" + run + "/model")).header("Authorization", "Bearer " + http().key())
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("Content-Type")).contains("application/zip");

        Path files = Files.createTempDirectory("kiln-fresh-");
        try (var fresh = SpringApplication.run(KilnApplication.class, "--server.port=0", "--kiln.storage.root=" + files,
                "--kiln.instance-id=fresh", "--logging.level.root=WARN")) {
            var other = new KilnHttp(fresh.getEnvironment().getProperty("local.server.port", Integer.class))
                    .withKey(Files.readString(files.resolve("admin.key")).strip());
            var imported = other.uploadTo("/api/v1/models/import", "model.zip", download.body());
            assertThat(imported.status()).as(imported.body()).isEqualTo(201);
            String copy = imported.json().get("runId").asString();
            JsonNode importedRun = other.get("/api/v1/runs/" + copy).json();
            assertThat(importedRun.get("imported").asBoolean()).isTrue();
            assertThat(importedRun.get("status").asString()).isEqualTo("SUCCEEDED");
            assertThat(importedRun.get("provenance").get("datasetSha256").asString()).hasSize(64);

            JsonNode again = other.postJson("/api/v1/runs/" + copy + "/predict", Map.of("rows", rows)).json();
            assertThat(again.get("predictions")).isEqualTo(original.get("predictions"));
        }
    }

    @Test
    default void aWarmStartContinuesFromItsParentsLoss() {
        String train = http().uploadId("breast_cancer_train.csv");
        String test = http().uploadId("breast_cancer_test.csv");
        String model = http().createModel(MODEL);
        String parent = trainBreastCancer(train, test, model, 30, "");
        String child = trainBreastCancer(train, test, model, 3,
                ", \"initFrom\": {\"runId\": \"" + parent + "\", \"checkpoint\": \"last\"}");
        String fresh = trainBreastCancer(train, test, model, 3, "");

        double parentLast = lossOf(parent, 30);
        double childFirst = lossOf(child, 1);
        double freshFirst = lossOf(fresh, 1);
        assertThat(childFirst).as("close to the parent's last loss").isLessThan(parentLast * 1.5);
        assertThat(freshFirst).as("far from an untrained model's").isGreaterThan(childFirst * 2);
        JsonNode childRun = http().get("/api/v1/runs/" + child).json();
        assertThat(childRun.get("initFrom").get("runId").asString()).isEqualTo(parent);
        assertThat(childRun.get("provenance").get("parentRunId").asString()).isEqualTo(parent);

        var different = http().createModel("""
                {"name": "other", "layers": [{"type": "dense", "units": 8, "activation": "relu"},
                                             {"type": "dense", "units": 1, "activation": "sigmoid"}]}""");
        var refused = http().postJson("/api/v1/runs", """
                {"datasetId": "%s", "modelId": "%s", "target": "target", "initFrom": {"runId": "%s"}}"""
                .formatted(train, different, parent));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body()).contains("initFrom.runId").contains("layers[0] is dense 64 there, dense 8 here");
    }

    private double lossOf(String run, int epoch) {
        return http().get("/api/v1/runs/" + run + "/metrics").json().get("epochs").get(epoch - 1).get("metrics")
                .get("loss").asDouble();
    }

    @Test
    default void refusesPredictionsThatCannotBeMade() {
        String train = http().uploadId("iris_train.csv");
        String model = http().createModel("""
                {"name": "iris", "layers": [{"type": "dense", "units": 3, "activation": "softmax"}]}""");
        String run = http().submitRun("""
                {"datasetId": "%s", "modelId": "%s", "target": "target", "hyperparameters": {"epochs": 2}}"""
                .formatted(train, model));
        http().awaitFinished(run);

        var wrongType = http().postJson("/api/v1/runs/" + run + "/predict",
                Map.of("rows", List.of(Map.of("sepal_length_cm", 5.1), Map.of("petal_width_cm", "wide"))));
        assertThat(wrongType.status()).isEqualTo(422);
        assertThat(wrongType.body()).contains("rows[1].petal_width_cm").contains("expected a number");
        var missingAreImputed = http().postJson("/api/v1/runs/" + run + "/predict",
                Map.of("rows", List.of(Map.of("sepal_length_cm", 5.1))));
        assertThat(missingAreImputed.status()).isEqualTo(200);
        assertThat(missingAreImputed.json().get("predictions").get(0).get("probabilities")).hasSize(3);
        assertThat(http().postJson("/api/v1/runs/" + run + "/predict", Map.of("rows", List.of())).status())
                .isEqualTo(422);
        assertThat(http().postJson("/api/v1/runs/00000000-0000-0000-0000-000000000000/predict",
                Map.of("rows", List.of(Map.of()))).status()).isEqualTo(404);
        var garbage = http().uploadTo("/api/v1/models/import", "model.zip", "not a zip at all".getBytes());
        assertThat(garbage.status()).isEqualTo(422);
    }
}
