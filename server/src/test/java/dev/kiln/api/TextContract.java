package dev.kiln.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.support.KilnHttp;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Text over HTTP on the Reuters grain set (Weka's ReutersGrain, 1,554 training and 604 test articles, 9.4% grain):
 * the profile sees a text column, runs vectorize it as Keras's TextVectorization does, models read it as multi-hot
 * vectors or as ids through an embedding and an LSTM or a transformer block, and predictions on raw text equal the
 * evaluation. References on the same split (bench/python/text_reference.py): always "other" 0.9056; scikit-learn's
 * TF-IDF + logistic regression 0.9321. Implemented once per database.
 */
public interface TextContract {
    /** scikit-learn TfidfVectorizer + LogisticRegression (C=1) on the same split. */
    double SKLEARN_ACCURACY = 0.9321;
    /** The test set's majority class ("other"). */
    double MAJORITY = 547.0 / 604;

    KilnHttp http();

    private String train(String model, String preprocessing, String hyperparameters) {
        String train = http().uploadId("reuters_grain_train.csv");
        String test = http().uploadId("reuters_grain_test.csv");
        String run = http().submitRun("""
                {"datasetId": "%s", "modelId": "%s", "target": "topic", "testDatasetId": "%s",
                 "preprocessing": %s, "hyperparameters": %s}""".formatted(train, http().createModel(model), test,
                preprocessing, hyperparameters));
        JsonNode done = http().awaitRun(run, java.time.Duration.ofMinutes(6), "SUCCEEDED", "FAILED", "CANCELLED");
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        return run;
    }

    private double testAccuracy(String run) {
        return http().get("/api/v1/runs/" + run).json().get("metrics").get("test_accuracy").asDouble();
    }

    static List<CSVRecord> testRows() {
        try (Reader in = Files.newBufferedReader(Path.of("src/test/resources/data/reuters_grain_test.csv"))) {
            return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in).getRecords();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every test article predicted from its raw text, in batches as a caller would send them. */
    private List<JsonNode> predictAll(String run) {
        List<CSVRecord> rows = testRows();
        List<JsonNode> predictions = new ArrayList<>();
        for (int from = 0; from < rows.size(); from += 200) {
            List<Map<String, Object>> batch = rows.subList(from, Math.min(rows.size(), from + 200)).stream()
                    .map(r -> Map.<String, Object>of("text", r.get("text"))).toList();
            KilnHttp.Answer answer = http().postJson("/api/v1/runs/" + run + "/predict", Map.of("rows", batch));
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            answer.json().get("predictions").forEach(predictions::add);
        }
        return predictions;
    }

    private double accuracyOfRawTextPredictions(String run) {
        List<CSVRecord> rows = testRows();
        List<JsonNode> predictions = predictAll(run);
        int right = 0;
        for (int i = 0; i < rows.size(); i++) {
            right += predictions.get(i).get("label").asString().equals(rows.get(i).get("topic")) ? 1 : 0;
        }
        return (double) right / rows.size();
    }

    @Test
    default void aTextColumnIsProfiledWithItsTokenStatistics() {
        JsonNode dataset = http().get("/api/v1/datasets/" + http().uploadId("reuters_grain_train.csv")).json();

        JsonNode text = dataset.get("columns").get(0);
        assertThat(text.get("name").asString()).isEqualTo("text");
        assertThat(text.get("type").asString()).isEqualTo("text");
        assertThat(text.get("text").get("meanTokens").asDouble()).isBetween(100.0, 150.0);
        assertThat(text.get("text").get("maxTokens").asLong()).isGreaterThan(500);
        assertThat(text.get("text").get("vocabulary").asLong()).isGreaterThan(10_000);
        assertThat(text.get("text").get("topTokens").get(0).get("value").asString()).isEqualTo("the");
        assertThat(dataset.get("columns").get(1).get("type").asString()).isEqualTo("categorical");
    }

    @Test
    default void aMultiHotDenseClassifierLandsWithinOneAndAHalfPointsOfTfIdfLogisticRegression() {
        String run = train("""
                {"name": "bag-of-words", "layers": [{"type": "dense", "units": 32, "activation": "relu"},
                 {"type": "dropout", "rate": 0.5}, {"type": "dense", "units": 1, "activation": "sigmoid"}]}""",
                "{\"columns\": {\"text\": {\"encode\": \"text\", \"maxTokens\": 10000}}}",
                "{\"epochs\": 10, \"batchSize\": 32, \"seed\": 1, \"validationSplit\": 0.0}");

        double accuracy = testAccuracy(run);
        System.out.printf("Reuters grain, multiHot + dense, seed 1: test accuracy %.4f (TF-IDF + LR %.4f)%n",
                accuracy, SKLEARN_ACCURACY);
        assertThat(accuracy).isGreaterThanOrEqualTo(SKLEARN_ACCURACY - 0.015);
        JsonNode shown = http().get("/api/v1/runs/" + run).json();
        JsonNode vectorizer = shown.get("preprocessing").get("features").get(0);
        assertThat(vectorizer.get("kind").asString()).isEqualTo("text");
        assertThat(vectorizer.get("options").get("outputMode").asString()).as("the default").isEqualTo("multiHot");
        assertThat(vectorizer.get("vocabularySize").asInt()).as("Keras: maxTokens less the OOV entry").isEqualTo(9999);
        assertThat(vectorizer.get("vocabulary")).as("the first 20 tokens").hasSize(20);
        assertThat(vectorizer.get("vocabulary").get(0).asString()).isEqualTo("the");
        assertThat(accuracyOfRawTextPredictions(run)).as("raw-text predictions equal the evaluation")
                .isEqualTo(accuracy);

        KilnHttp.Answer job = http().postJson("/api/v1/runs/" + run + "/predictions",
                Map.of("datasetId", http().uploadId("reuters_grain_test.csv")));
        assertThat(job.status()).as(job.body()).isEqualTo(202);
        String location = job.headers().firstValue("Location").orElseThrow();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(2)).until(() ->
                http().get(location).json().get("status").asString().equals("SUCCEEDED"));
        List<String> labels = predictAll(run).stream().map(p -> p.get("label").asString()).toList();
        try (Reader in = new java.io.StringReader(http().get(location + "/result", "text/csv").body())) {
            List<String> scored = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in)
                    .getRecords().stream().map(r -> r.get("prediction")).toList();
            assertThat(scored).as("batch scoring of the text dataset labels as predictions do").isEqualTo(labels);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    default void anEmbeddingLstmClassifierLandsWithinOneAndAHalfPointsAndItsArtifactPredictsTheSame() {
        String run = train("""
                {"name": "lstm", "layers": [{"type": "embedding", "outputDim": 32, "maskZero": true},
                 {"type": "lstm", "units": 32},
                 {"type": "dense", "units": 1, "activation": "sigmoid"}]}""",
                """
                {"columns": {"text": {"encode": "text", "outputMode": "int", "maxTokens": 5000,
                 "outputSequenceLength": 128}}}""",
                """
                {"epochs": 12, "batchSize": 32, "seed": 1, "validationSplit": 0.0,
                 "optimizer": {"type": "adam", "learningRate": 0.003}}""");

        double accuracy = testAccuracy(run);
        System.out.printf("Reuters grain, int + embedding + LSTM, seed 1: test accuracy %.4f (TF-IDF + LR %.4f)%n",
                accuracy, SKLEARN_ACCURACY);
        assertThat(accuracy).isGreaterThanOrEqualTo(SKLEARN_ACCURACY - 0.015);
        List<JsonNode> before = predictAll(run);
        assertThat(before.stream().filter(p -> p.get("label").asString().equals("grain")).count())
                .as("it finds grain articles, not only the majority").isGreaterThan(30);

        byte[] artifact = http().bytes("/api/v1/runs/" + run + "/model");
        KilnHttp.Answer imported = http().uploadTo("/api/v1/models/import", "lstm.zip", artifact);
        assertThat(imported.status()).as(imported.body()).isEqualTo(201);
        String copy = imported.json().get("runId").asString();
        assertThat(predictAll(copy)).isEqualTo(before);
    }

    @Test
    default void aTransformerEncoderClassifierBeatsTheMajorityClassClearly() {
        String run = train("""
                {"name": "transformer", "layers": [{"type": "embedding", "outputDim": 32, "maskZero": true},
                 {"type": "positionalEmbedding", "maxLength": 128},
                 {"type": "transformerEncoder", "numHeads": 2, "ffDim": 64, "dropout": 0.1},
                 {"type": "globalAvgPool1d"},
                 {"type": "dense", "units": 1, "activation": "sigmoid"}]}""",
                """
                {"columns": {"text": {"encode": "text", "outputMode": "int", "maxTokens": 10000,
                 "outputSequenceLength": 128}}}""",
                """
                {"epochs": 8, "batchSize": 32, "seed": 1, "validationSplit": 0.0,
                 "optimizer": {"type": "adam", "learningRate": 0.0005, "clipNorm": 1.0}}""");

        double accuracy = testAccuracy(run);
        System.out.printf("Reuters grain, transformer encoder, seed 1: test accuracy %.4f (majority %.4f)%n",
                accuracy, MAJORITY);
        assertThat(accuracy).isGreaterThanOrEqualTo(MAJORITY + 0.02);
        JsonNode evaluation = http().postJson("/api/v1/runs/" + run + "/evaluate",
                Map.of("datasetId", http().uploadId("reuters_grain_test.csv"))).json();
        assertThat(evaluation.get("metrics").get("accuracy").asDouble()).isEqualTo(accuracy);
    }

    /** A refused text request: the model, the run's preprocessing, and the field its problem must name. */
    record Refusal(String name, String model, String preprocessing, int status, String field) {
        @Override
        public String toString() {
            return name;
        }
    }

    String LSTM = """
            [{"type": "embedding", "outputDim": 8}, {"type": "lstm", "units": 8},
             {"type": "dense", "units": 1, "activation": "sigmoid"}]""";
    String INT = "{\"columns\": {\"text\": {\"encode\": \"text\", \"outputMode\": \"int\", "
            + "\"outputSequenceLength\": 16}}}";

    static List<Refusal> refusals() {
        return List.of(
                new Refusal("int without outputSequenceLength", LSTM,
                        "{\"columns\": {\"text\": {\"encode\": \"text\", \"outputMode\": \"int\"}}}", 422,
                        "preprocessing.columns.text.outputSequenceLength"),
                new Refusal("an lstm after a layer without a sequence", """
                        [{"type": "dense", "units": 8}, {"type": "lstm", "units": 8},
                         {"type": "dense", "units": 1, "activation": "sigmoid"}]""", "{}", 422, "layers[1]"),
                new Refusal("text ids fed to a dense layer", """
                        [{"type": "dense", "units": 8}, {"type": "dense", "units": 1, "activation": "sigmoid"}]""",
                        INT, 422, "layers[0]"),
                new Refusal("recurrentDropout above 0", """
                        [{"type": "embedding", "outputDim": 8}, {"type": "gru", "units": 8, "recurrentDropout": 0.2},
                         {"type": "dense", "units": 1, "activation": "sigmoid"}]""", INT, 422,
                        "layers[1].recurrentDropout"),
                new Refusal("a bidirectional wrapper around a dense layer", """
                        [{"type": "embedding", "outputDim": 8},
                         {"type": "bidirectional", "layer": {"type": "dense", "units": 8}},
                         {"type": "dense", "units": 1, "activation": "sigmoid"}]""", INT, 422, "layers[1].layer"),
                new Refusal("maxTokens above the limit", LSTM, "{\"columns\": {\"text\": {\"encode\": \"text\", "
                        + "\"outputMode\": \"int\", \"outputSequenceLength\": 16, \"maxTokens\": 2000000}}}", 422,
                        "preprocessing.columns.text.maxTokens"),
                new Refusal("a transformer block without heads", """
                        [{"type": "embedding", "outputDim": 8},
                         {"type": "transformerEncoder", "numHeads": 0, "ffDim": 8}, {"type": "globalAvgPool1d"},
                         {"type": "dense", "units": 1, "activation": "sigmoid"}]""", INT, 422, "layers[1].numHeads"));
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.MethodSource("refusals")
    default void aBadTextRequestIsRefusedNamingTheField(Refusal refusal) {
        String train = http().uploadId("reuters_grain_test.csv");
        KilnHttp.Answer model = http().postJson("/api/v1/models", "{\"name\": \"bad\", \"layers\": "
                + refusal.model() + "}");
        KilnHttp.Answer answer = model.status() != 201 ? model : http().postJson("/api/v1/runs", """
                {"datasetId": "%s", "modelId": "%s", "target": "topic", "preprocessing": %s}"""
                .formatted(train, model.id(), refusal.preprocessing()));

        assertThat(answer.status()).as(answer.body()).isEqualTo(refusal.status());
        assertThat(answer.contentType()).isEqualTo("application/problem+json");
        assertThat(answer.json().get("errors")).as(answer.body())
                .anySatisfy(e -> assertThat(e.get("field").asString() + ": " + e.get("message").asString())
                        .contains(refusal.field()));
        assertThat(http().get("/api/v1/runs").json().toString()).doesNotContain(train);
    }

    @Test
    default void aCellLongerThanTheLimitIsRefusedNamingItsRowAndColumn() {
        String cell = "word ".repeat(300_000);
        KilnHttp.Answer answer = http().upload("long.csv", ("text,topic\n\"a short one\",other\n\"" + cell
                + "\",grain\n").getBytes(java.nio.charset.StandardCharsets.UTF_8), Map.of());

        assertThat(answer.status()).as(answer.body()).isEqualTo(422);
        assertThat(answer.body()).contains("file").contains("1048576");
    }

    @Test
    default void aTextColumnWithNoTokensInItsTrainingSplitIsRefused() {
        StringBuilder csv = new StringBuilder("note,label\n");
        for (int i = 0; i < 40; i++) {
            csv.append("\"?! ... ").append("-".repeat(i % 5 + 1)).append("\",").append(i % 2 == 0 ? "a" : "b")
                    .append('\n');
        }
        KilnHttp.Answer upload = http().upload("punctuation.csv", csv.toString()
                .getBytes(java.nio.charset.StandardCharsets.UTF_8), Map.of());
        assertThat(upload.status()).as(upload.body()).isEqualTo(201);
        String model = http().createModel("{\"name\": \"m\", \"layers\": [{\"type\": \"dense\", \"units\": 1, "
                + "\"activation\": \"sigmoid\"}]}");

        KilnHttp.Answer answer = http().postJson("/api/v1/runs", """
                {"datasetId": "%s", "modelId": "%s", "target": "label",
                 "preprocessing": {"columns": {"note": {"encode": "text"}}}}""".formatted(upload.id(), model));

        assertThat(answer.status()).as(answer.body()).isEqualTo(422);
        assertThat(answer.json().get("errors").get(0).get("field").asString()).isEqualTo("preprocessing.columns.note");
        assertThat(answer.body()).contains("vocabulary");
    }
}
