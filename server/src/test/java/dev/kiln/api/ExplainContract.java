package dev.kiln.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.support.KilnHttp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Explanations over HTTP: integrated gradients per row (complete within 1% on every test row of a shared dataset's
 * MLP) and per image (a heatmap PNG written under target/), and permutation importance as a queued job — on a
 * synthetic table whose label only two of ten columns decide, both find those two. Implemented once per database.
 */
public interface ExplainContract {
    /** Columns of the synthetic table; the label is decided by f3 and f7 alone. */
    int FEATURES = 10;

    KilnHttp http();

    private String trained(String dataset, String target, String model, String hyperparameters) {
        return http().trainedRun(dataset, target, model, hyperparameters);
    }

    /**
     * {@code rows} seeded rows: f0…f8 standard normal, f9 one of a, b, c (categorical: one-hot encoded, permuted as
     * one column), and label yes exactly when 2·f3 − 1.5·f7 > 0.
     */
    static String syntheticCsv(int rows, long seed) {
        Random random = new Random(seed);
        StringBuilder csv = new StringBuilder();
        for (int j = 0; j < FEATURES; j++) {
            csv.append('f').append(j).append(',');
        }
        csv.append("label\n");
        for (int r = 0; r < rows; r++) {
            double[] f = new double[FEATURES - 1];
            for (int j = 0; j < f.length; j++) {
                f[j] = random.nextGaussian();
                csv.append(String.format(Locale.ROOT, "%.5f,", f[j]));
            }
            csv.append("abc".charAt(random.nextInt(3))).append(',');
            csv.append(2 * f[3] - 1.5 * f[7] > 0 ? "yes" : "no").append('\n');
        }
        return csv.toString();
    }

    String SYNTHETIC_MLP = """
            {"name": "synthetic-mlp", "layers": [{"type": "dense", "units": 16, "activation": "relu"},
             {"type": "dense", "units": 1, "activation": "sigmoid"}]}""";

    private String syntheticRun() {
        String data = http().upload("synthetic.csv", syntheticCsv(800, 11).getBytes(StandardCharsets.UTF_8),
                Map.of()).id();
        return trained(data, "label", SYNTHETIC_MLP, "{\"epochs\": 30, \"batchSize\": 32, \"seed\": 3}");
    }

    /** Rows of a CSV as /predict takes them: every column but {@code target}, numbers as numbers. */
    static List<Map<String, Object>> rows(String csv, String target) {
        String[] lines = csv.strip().split("\n");
        String[] header = lines[0].split(",");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String[] cells = lines[i].split(",", -1);
            Map<String, Object> row = new LinkedHashMap<>();
            for (int c = 0; c < header.length; c++) {
                if (!header[c].equals(target)) {
                    Object value;
                    try {
                        value = Double.parseDouble(cells[c]);
                    } catch (NumberFormatException e) {
                        value = cells[c];
                    }
                    row.put(header[c], value);
                }
            }
            rows.add(row);
        }
        return rows;
    }

    @Test
    default void integratedGradientsGiveTheTwoDecidingColumnsTheLargestAttributionsOfMostRows() {
        String run = syntheticRun();
        List<Map<String, Object>> rows = rows(syntheticCsv(200, 99), "label");

        JsonNode answer = explain(run, Map.of("rows", rows));

        int topTwo = 0;
        for (JsonNode explanation : answer.get("explanations")) {
            List<String> ranked = new ArrayList<>();
            explanation.get("attributions").forEach(a -> ranked.add(a.get("column").asString()));
            Map<String, Double> byColumn = new HashMap<>();
            explanation.get("attributions").forEach(a -> byColumn.put(a.get("column").asString(),
                    Math.abs(a.get("attribution").asDouble())));
            ranked.sort((a, b) -> Double.compare(byColumn.get(b), byColumn.get(a)));
            if (List.of("f3", "f7").containsAll(ranked.subList(0, 2))) {
                topTwo++;
            }
        }
        System.out.printf("synthetic table: f3 and f7 carry the two largest attributions in %d of 200 rows%n", topTwo);
        assertThat(topTwo).isGreaterThan(140);
        assertThat(answer.get("options").get("baseline").asString()).isEqualTo("trainingMean");
        assertThat(answer.get("explanations").get(0).get("attributions")).hasSize(FEATURES);
    }

    @Test
    default void attributionsOfTheBreastCancerMlpSumToTheirChangeWithinOnePercentOnEveryTestRow() throws IOException {
        String train = http().uploadId("breast_cancer_train.csv");
        String run = trained(train, "target", """
                {"name": "explain-mlp", "layers": [{"type": "dense", "units": 32, "activation": "relu"},
                 {"type": "dense", "units": 16, "activation": "relu"},
                 {"type": "dense", "units": 1, "activation": "sigmoid"}]}""",
                "{\"epochs\": 20, \"batchSize\": 32, \"seed\": 5}");
        String csv = Files.readString(Path.of("src/test/resources/data/breast_cancer_test.csv"));

        JsonNode answer = explain(run, Map.of("rows", rows(csv, "target"), "steps", 64));

        double worst = 0;
        int rows = 0;
        for (JsonNode explanation : answer.get("explanations")) {
            JsonNode explained = explanation.get("explained");
            double change = explained.get("value").asDouble() - explained.get("baselineValue").asDouble();
            double sum = 0;
            for (JsonNode a : explanation.get("attributions")) {
                sum += a.get("attribution").asDouble();
            }
            assertThat(sum - change).isCloseTo(explained.get("completenessGap").asDouble(),
                    org.assertj.core.data.Offset.offset(1e-6));
            if (Math.abs(change) > 1e-3) {
                worst = Math.max(worst, Math.abs(sum - change) / Math.abs(change));
            }
            rows++;
        }
        // and the attributions themselves are those of the integral: 1024 steps move them by little
        JsonNode fine = explain(run, Map.of("rows", rows(csv, "target"), "steps", 1024));
        double moved = 0;
        double movedSum = 0;
        for (int r = 0; r < rows; r++) {
            double difference = 0;
            double size = 0;
            for (int c = 0; c < 30; c++) {
                double coarse = answer.get("explanations").get(r).get("attributions").get(c).get("attribution")
                        .asDouble();
                double exact = fine.get("explanations").get(r).get("attributions").get(c).get("attribution").asDouble();
                difference += Math.abs(coarse - exact);
                size += Math.abs(exact);
            }
            moved = Math.max(moved, size == 0 ? 0 : difference / size);
            movedSum += size == 0 ? 0 : difference / size;
        }
        System.out.printf("breast cancer MLP, 64 steps: largest completeness gap %.5f%% over %d test rows; "
                + "attributions within %.4f%% (L1) of 1024 steps', %.4f%% on average%n", 100 * worst, rows, 100 * moved,
                100 * movedSum / rows);
        assertThat(rows).isEqualTo(114);
        assertThat(worst).isLessThan(0.01);
        assertThat(movedSum / rows).isLessThan(0.03);
        assertThat(moved).isLessThan(0.1);
    }

    @Test
    default void permutationImportanceRanksTheTwoDecidingColumnsFirstWithAClearMargin() {
        String run = syntheticRun();
        String test = http().upload("synthetic-test.csv", syntheticCsv(400, 99).getBytes(StandardCharsets.UTF_8),
                Map.of()).id();

        var queued = http().postJson("/api/v1/runs/" + run + "/importance", Map.of("datasetId", test, "repeats", 5));
        assertThat(queued.status()).as(queued.body()).isEqualTo(202);
        JsonNode job = awaitImportance(run, queued.json().get("id").asString());

        JsonNode columns = job.get("result").get("columns");
        List<String> ranked = new ArrayList<>();
        columns.forEach(c -> ranked.add(c.get("column").asString()));
        double second = columns.get(1).get("mean").asDouble();
        double third = columns.get(2).get("mean").asDouble();
        System.out.printf("synthetic importance (accuracy drop): %s %.4f, %s %.4f, then %s %.4f%n", ranked.get(0),
                columns.get(0).get("mean").asDouble(), ranked.get(1), second, ranked.get(2), third);
        assertThat(ranked.subList(0, 2)).containsExactlyInAnyOrder("f3", "f7");
        assertThat(second).isGreaterThan(0.1).isGreaterThan(5 * Math.max(third, 0.01));
        assertThat(columns).hasSize(FEATURES); // f9's one-hot group is one column
        assertThat(columns.get(0).get("drops")).hasSize(5);
        assertThat(job.get("result").get("metric").asString()).isEqualTo("accuracy");
        // the same request is answered by the job that has it; GET gives the latest
        var again = http().postJson("/api/v1/runs/" + run + "/importance", Map.of("datasetId", test, "repeats", 5));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("id").asString()).isEqualTo(job.get("id").asString());
        assertThat(http().get("/api/v1/runs/" + run + "/importance").json().get("id").asString())
                .isEqualTo(job.get("id").asString());
    }

    @Test
    default void importanceWithoutADatasetShufflesTheRunsValidationSplit() {
        String data = http().uploadId("breast_cancer_train.csv");
        String run = trained(data, "target", SYNTHETIC_MLP.replace("synthetic-mlp", "validation-mlp"),
                "{\"epochs\": 10, \"batchSize\": 32, \"seed\": 2, \"validationSplit\": 0.25}");

        var queued = http().postJson("/api/v1/runs/" + run + "/importance", Map.of("metric", "auc", "seed", 4));
        JsonNode job = awaitImportance(run, queued.json().get("id").asString());

        assertThat(job.get("datasetId").isNull()).isTrue();
        assertThat(job.get("result").get("rows").asInt()).isBetween(100, 130);
        assertThat(job.get("result").get("baseline").asDouble()).isGreaterThan(0.9);
        assertThat(job.get("result").get("columns")).hasSize(30);
    }

    @Test
    default void textColumnsAreAttributedPerTokenThroughBagsOfWordsAndThroughEmbeddings() {
        String train = http().uploadId("reuters_grain_train.csv");
        String bag = http().submitRun("""
                {"datasetId": "%s", "modelId": "%s", "target": "topic", "preprocessing": {"columns": {"text":
                 {"encode": "text", "outputMode": "multiHot", "maxTokens": 2000}}},
                 "hyperparameters": {"epochs": 5, "batchSize": 32, "seed": 1}}""".formatted(train,
                http().createModel(SYNTHETIC_MLP.replace("synthetic-mlp", "bag-mlp"))));
        String embedded = http().submitRun("""
                {"datasetId": "%s", "modelId": "%s", "target": "topic", "preprocessing": {"columns": {"text":
                 {"encode": "text", "outputMode": "int", "maxTokens": 2000, "outputSequenceLength": 64}}},
                 "hyperparameters": {"epochs": 3, "batchSize": 32, "seed": 1}}""".formatted(train,
                http().createModel("""
                        {"name": "bag-embedding", "layers": [{"type": "embedding", "outputDim": 16, "maskZero": true},
                         {"type": "globalAvgPool1d"}, {"type": "dense", "units": 1, "activation": "sigmoid"}]}""")));
        String article = "Wheat and grain exports rose as the corn harvest ended, the agriculture ministry said.";

        for (String run : List.of(bag, embedded)) {
            assertThat(http().awaitFinished(run).get("status").asString()).isEqualTo("SUCCEEDED");
            JsonNode answer = explain(run, Map.of("rows", List.of(Map.of("text", article))));
            JsonNode explanation = answer.get("explanations").get(0);
            JsonNode text = explanation.get("attributions").get(0);
            List<String> tokens = new ArrayList<>();
            text.get("tokens").forEach(t -> tokens.add(t.get("token").asString()));
            System.out.printf("%s: tokens %s, relative gap %s%n", run.equals(bag) ? "multiHot" : "int + embedding",
                    tokens, explanation.get("explained").get("relativeGap"));
            assertThat(text.get("column").asString()).isEqualTo("text");
            assertThat(tokens).contains("wheat", "grain");
            assertThat(explanation.get("explained").get("relativeGap").asDouble()).isLessThan(0.01);
        }
    }

    @Test
    default void aFashionMnistHeatmapIsDrawnOverTheImage() throws IOException {
        var upload = http().multipart("/api/v1/datasets", List.of(
                new KilnHttp.Part("images", "train-images-idx3-ubyte.gz",
                        Files.readAllBytes(ImagesContract.SUBSET.resolve("train-images-idx3-ubyte.gz"))),
                new KilnHttp.Part("labels", "train-labels-idx1-ubyte.gz",
                        Files.readAllBytes(ImagesContract.SUBSET.resolve("train-labels-idx1-ubyte.gz")))), Map.of());
        String run = trained(upload.id(), "label", ImagesContract.CNN,
                "{\"epochs\": 4, \"batchSize\": 32, \"seed\": 1}");
        byte[] image = testImage(0);

        var json = http().multipart("/api/v1/runs/" + run + "/explain/images?steps=64",
                List.of(new KilnHttp.Part("image", "test-0.png", image)), Map.of());
        var png = http().multipart("/api/v1/runs/" + run + "/explain?format=png&steps=32",
                List.of(new KilnHttp.Part("image", "test-0.png", image)), Map.of());

        assertThat(json.status()).as(json.body()).isEqualTo(200);
        JsonNode explanation = json.json().get("explanations").get(0);
        assertThat(explanation.get("attributions")).hasSize(28);
        assertThat(explanation.get("attributions").get(0)).hasSize(28);
        JsonNode explained = explanation.get("explained");
        assertThat(explained.get("relativeGap").asDouble()).isLessThan(0.01);
        double sum = 0;
        for (JsonNode row : explanation.get("attributions")) {
            for (JsonNode pixel : row) {
                sum += pixel.asDouble();
            }
        }
        assertThat(sum - (explained.get("value").asDouble() - explained.get("baselineValue").asDouble()))
                .isCloseTo(explained.get("completenessGap").asDouble(), org.assertj.core.data.Offset.offset(1e-4));
        assertThat(png.status()).as(png.body()).isEqualTo(200);
        assertThat(png.contentType()).isEqualTo("image/png");
        var drawn = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(http().multipartBytes(
                "/api/v1/runs/" + run + "/explain?format=png&steps=32",
                List.of(new KilnHttp.Part("image", "test-0.png", image)))));
        assertThat(drawn.getWidth()).isEqualTo(224);
        Path written = Path.of("target", "explain", "fashion-mnist-heatmap-" + getClass().getSimpleName() + ".png");
        Files.createDirectories(written.getParent());
        javax.imageio.ImageIO.write(drawn, "png", written.toFile());
        System.out.printf("Fashion-MNIST heatmap of test image 0 (predicted %s, attributed %s, relative gap %s): %s%n",
                explanation.get("explained").get("prediction").get("label"),
                explanation.get("explained").get("target"), explanation.get("explained").get("relativeGap"),
                written.toAbsolutePath());
    }

    /** Test image {@code index} of the committed Fashion-MNIST subset as a PNG. */
    private static byte[] testImage(int index) throws IOException {
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(
                ImagesContract.SUBSET.resolve("test-images-idx3-ubyte.gz")))) {
            byte[] all = in.readAllBytes();
            return dev.kiln.dataset.TestImages.grayPng(java.util.Arrays.copyOfRange(all, 16 + index * 784,
                    16 + (index + 1) * 784), 28, 28);
        }
    }

    /** A refused explanation request: what is sent and the field its problem must name. */
    record Refusal(String name, Map<String, Object> body, int status, String field) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Refusal> refusals() {
        List<Map<String, Object>> one = List.of(Map.of("f0", 0.1, "f9", "a"));
        return List.of(
                new Refusal("steps 0", Map.of("rows", one, "steps", 0), 422, "steps"),
                new Refusal("steps above the limit", Map.of("rows", one, "steps", 5000), 422, "steps"),
                new Refusal("an unknown method", Map.of("rows", one, "method", "shap"), 422, "method"),
                new Refusal("an unknown baseline", Map.of("rows", one, "baseline", "median"), 422, "baseline"),
                new Refusal("a row with an unknown column", Map.of("rows", List.of(Map.of("f0", 1, "colour", "red"))),
                        422, "rows[0]"),
                new Refusal("a value of the wrong type", Map.of("rows", List.of(Map.of("f0", "many"))), 422,
                        "rows[0].f0"),
                new Refusal("no rows", Map.of("rows", List.of()), 422, "rows"),
                new Refusal("an unknown target class", Map.of("rows", one, "target", "maybe"), 422, "target"),
                new Refusal("an unknown output", Map.of("rows", one, "output", "odds"), 422, "output"));
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.MethodSource("refusals")
    default void aBadExplanationRequestIsRefusedNamingItsField(Refusal refusal) {
        String run = sharedSyntheticRun(http());

        var answer = http().postJson("/api/v1/runs/" + run + "/explain", refusal.body());

        assertThat(answer.status()).as(answer.body()).isEqualTo(refusal.status());
        assertThat(answer.contentType()).isEqualTo("application/problem+json");
        assertThat(answer.body()).contains("\"" + refusal.field());
    }

    @Test
    default void explanationsAndImportanceOfAFailedRunOrForeignDatasetAreRefused() {
        String run = sharedSyntheticRun(http());
        String data = http().upload("synthetic.csv", syntheticCsv(50, 1).getBytes(StandardCharsets.UTF_8), Map.of())
                .id();
        String failed = http().submitRun("""
                {"datasetId": "%s", "modelId": "%s", "target": "label",
                 "hyperparameters": {"epochs": 5000, "batchSize": 8, "seed": 1, "maxRuntime": "PT1S"}}"""
                .formatted(data, http().createModel(SYNTHETIC_MLP)));
        JsonNode done = http().awaitFinished(failed);
        String other = http().uploadId("iris_test.csv");

        var onFailed = http().postJson("/api/v1/runs/" + failed + "/explain",
                Map.of("rows", List.of(Map.of("f0", 1))));
        var foreign = http().postJson("/api/v1/runs/" + run + "/importance", Map.of("datasetId", other));
        var repeats = http().postJson("/api/v1/runs/" + run + "/importance", Map.of("repeats", 0));
        var metric = http().postJson("/api/v1/runs/" + run + "/importance", Map.of("metric", "rmse"));

        assertThat(done.get("status").asString()).isEqualTo("FAILED");
        assertThat(onFailed.status()).as(onFailed.body()).isEqualTo(409);
        assertThat(onFailed.body()).contains("FAILED");
        assertThat(foreign.status()).as(foreign.body()).isEqualTo(422);
        assertThat(foreign.body()).contains("\"datasetId").contains("f3");
        assertThat(repeats.status()).isEqualTo(422);
        assertThat(repeats.body()).contains("\"repeats");
        assertThat(metric.status()).isEqualTo(422);
        assertThat(metric.body()).contains("\"metric");
    }

    /** One trained synthetic run per server for the refusal cases (each case would train its own otherwise). */
    java.util.concurrent.ConcurrentHashMap<String, String> SHARED = new java.util.concurrent.ConcurrentHashMap<>();

    private static String sharedSyntheticRun(KilnHttp http) {
        return SHARED.computeIfAbsent(http.base(), base -> {
            String data = http.upload("synthetic.csv", syntheticCsv(300, 5).getBytes(StandardCharsets.UTF_8),
                    Map.of()).id();
            return http.trainedRun(data, "label", SYNTHETIC_MLP, "{\"epochs\": 5, \"batchSize\": 32, \"seed\": 3}");
        });
    }

    private JsonNode awaitImportance(String run, String job) {
        long deadline = System.nanoTime() + java.time.Duration.ofMinutes(3).toNanos();
        while (true) {
            JsonNode answer = http().get("/api/v1/runs/" + run + "/importance/" + job).json();
            String status = answer.get("status").asString();
            if (status.equals("SUCCEEDED") || status.equals("FAILED")) {
                assertThat(status).as(answer.toString()).isEqualTo("SUCCEEDED");
                return answer;
            }
            assertThat(System.nanoTime()).as("importance job still " + status).isLessThan(deadline);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private JsonNode explain(String run, Map<String, Object> body) {
        var answer = http().postJson("/api/v1/runs/" + run + "/explain", body);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }
}
