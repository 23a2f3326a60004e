package dev.kiln.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.support.KilnHttp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Training like Keras over HTTP: preprocessing control, class weights, early stopping, metrics, schedules. */
public interface KerasTrainingContract {
    KilnHttp http();

    /** breast-cancer-recurrence.csv split 80/20 stratified by Class (seed 7) and uploaded: [train id, test id]. */
    private String[] recurrenceSplit() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("src/test/resources/data/breast-cancer-recurrence.csv"));
        String header = lines.get(0);
        List<String> yes = new ArrayList<>();
        List<String> no = new ArrayList<>();
        lines.subList(1, lines.size()).forEach(l -> (l.endsWith(",recurrence-events") ? yes : no).add(l));
        Random random = new Random(7);
        Collections.shuffle(yes, random);
        Collections.shuffle(no, random);
        List<String> train = new ArrayList<>();
        List<String> test = new ArrayList<>();
        for (List<String> group : List.of(yes, no)) {
            int held = Math.round(group.size() * 0.2f);
            test.addAll(group.subList(0, held));
            train.addAll(group.subList(held, group.size()));
        }
        return new String[] {upload("recurrence-train.csv", header, train), upload("recurrence-test.csv", header, test)};
    }

    private String upload(String name, String header, List<String> rows) {
        byte[] bytes = (header + "\n" + String.join("\n", rows) + "\n").getBytes(StandardCharsets.UTF_8);
        var answer = http().upload(name, bytes, Map.of());
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.id();
    }

    private String recurrenceRun(String train, String test, String model, String hyperparameters) {
        return http().submitRun("""
                {"datasetId": "%s", "modelId": "%s", "target": "Class", "testDatasetId": "%s",
                 "preprocessing": {"categorical": {"encode": "oneHot", "impute": "mostFrequent"}},
                 "hyperparameters": %s}""".formatted(train, model, test, hyperparameters));
    }

    @Test
    default void stopsEarlyOnValidationAucAndReportsTheBestEpochsTestMetrics() throws IOException {
        String[] split = recurrenceSplit();
        String model = http().createModel("""
                {"name": "recurrence", "layers": [{"type": "dense", "units": 32, "activation": "relu"},
                                                  {"type": "dense", "units": 1, "activation": "sigmoid"}]}""");
        String run = recurrenceRun(split[0], split[1], model, """
                {"epochs": 300, "batchSize": 16, "seed": 42, "optimizer": {"type": "adam", "learningRate": 0.003},
                 "metrics": ["accuracy", "precision", "recall", "f1", "auc"], "classWeights": "balanced",
                 "earlyStopping": {"monitor": "val_auc", "mode": "max", "patience": 10, "restoreBestWeights": true}}""");

        JsonNode done = http().awaitFinished(run);

        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        int stopped = done.get("stoppedEpoch").asInt();
        int best = done.get("bestEpoch").asInt();
        assertThat(stopped).as("stops before its epoch limit").isBetween(2, 299);
        assertThat(best).isLessThan(stopped);
        assertThat(done.get("progress").get("epoch").asInt()).isEqualTo(stopped);
        JsonNode metrics = done.get("metrics");
        for (String name : List.of("test_precision", "test_recall", "test_f1", "test_auc", "test_accuracy")) {
            assertThat(metrics.has(name)).as(name).isTrue();
        }
        assertThat(done.get("preprocessing").get("features").get(0).get("kind").asString()).isEqualTo("oneHot");
        assertThat(done.get("preprocessing").get("features").get(0).get("fill").isNull()).isFalse();

        JsonNode evaluation = http().get("/api/v1/runs/" + run + "/evaluation").json();
        assertThat(evaluation.get("labels")).extracting(JsonNode::asString)
                .containsExactly("no-recurrence-events", "recurrence-events");
        assertThat(evaluation.get("confusionMatrix")).hasSize(2);
        assertThat(evaluation.get("perClass").get(1).get("support").asInt()).isEqualTo(17);
        JsonNode checkpoints = http().get("/api/v1/runs/" + run + "/checkpoints").json().get("checkpoints");
        assertThat(checkpoints).extracting(c -> c.get("kind").asString()).containsExactly("last", "best", "model");
        assertThat(checkpoints.get(1).get("epoch").asInt()).isEqualTo(best);

        // the same training stopped at the best epoch gives the very same model: the test metrics are the best epoch's
        String replay = recurrenceRun(split[0], split[1], model, """
                {"epochs": %d, "batchSize": 16, "seed": 42, "optimizer": {"type": "adam", "learningRate": 0.003},
                 "metrics": ["accuracy", "precision", "recall", "f1", "auc"], "classWeights": "balanced"}"""
                .formatted(best));
        JsonNode replayed = http().awaitFinished(replay);
        for (String name : List.of("test_loss", "test_precision", "test_recall", "test_f1", "test_auc")) {
            assertThat(metrics.get(name).asDouble()).as(name).isEqualTo(replayed.get("metrics").get(name).asDouble());
        }
    }

    @Test
    default void reducesTheLearningRateOnAPlateauAndRecordsItEveryEpoch() {
        String dataset = http().uploadId("iris_train.csv");
        String model = http().createModel("""
                {"name": "plateau", "layers": [{"type": "dense", "units": 16, "activation": "relu"},
                                               {"type": "dense", "units": 3, "activation": "softmax"}]}""");
        String run = http().submitRun("""
                {"datasetId": "%s", "modelId": "%s", "target": "target",
                 "hyperparameters": {"epochs": 40, "seed": 3, "optimizer": {"type": "adam", "learningRate": 0.05},
                   "learningRateSchedule": {"type": "reduceOnPlateau", "factor": 0.5, "patience": 2, "minDelta": 0.01}}}"""
                .formatted(dataset, model));

        assertThat(http().awaitFinished(run).get("status").asString()).isEqualTo("SUCCEEDED");
        List<Double> rates = new ArrayList<>();
        http().get("/api/v1/runs/" + run + "/metrics").json().get("epochs")
                .forEach(e -> rates.add(e.get("metrics").get("lr").asDouble()));
        assertThat(rates).hasSize(40).first().isEqualTo(0.05);
        assertThat(rates.get(39)).isLessThan(0.05);
        for (int i = 1; i < rates.size(); i++) {
            assertThat(rates.get(i)).isLessThanOrEqualTo(rates.get(i - 1));
        }
    }

    @Test
    default void refusesCombinationsThatCannotTrainNamingTheField() {
        String iris = http().uploadId("iris_train.csv");
        String diabetes = http().uploadId("diabetes_progression_train.csv");
        String classifier = http().createModel("""
                {"name": "c", "layers": [{"type": "dense", "units": 3, "activation": "softmax"}]}""");
        String regressor = http().createModel("""
                {"name": "r", "layers": [{"type": "dense", "units": 1}]}""");
        var cases = Map.of(
                "hyperparameters.earlyStopping.monitor", run(iris, classifier, "target",
                        "{\"earlyStopping\": {\"monitor\": \"val_auc\"}}"),
                "hyperparameters.metrics[0]", run(diabetes, regressor, "progression", "{\"metrics\": [\"auc\"]}"),
                "hyperparameters.classWeights.7", run(iris, classifier, "target", "{\"classWeights\": {\"7\": 2.0}}"),
                "hyperparameters.learningRateSchedule.factor", run(iris, classifier, "target",
                        "{\"learningRateSchedule\": {\"type\": \"step\", \"factor\": -0.5}}"),
                "preprocessing.columns.target", http().postJson("/api/v1/runs", """
                        {"datasetId": "%s", "modelId": "%s", "target": "target",
                         "preprocessing": {"columns": {"target": {"scale": "minMax"}}}}""".formatted(iris, classifier)));
        cases.forEach((field, answer) -> {
            assertThat(answer.status()).as(field + ": " + answer.body()).isEqualTo(422);
            assertThat(answer.json().get("errors")).as(answer.body())
                    .anySatisfy(e -> assertThat(e.get("field").asString()).isEqualTo(field));
        });
    }

    private KilnHttp.Answer run(String dataset, String model, String target, String hyperparameters) {
        return http().postJson("/api/v1/runs", """
                {"datasetId": "%s", "modelId": "%s", "target": "%s", "hyperparameters": %s}"""
                .formatted(dataset, model, target, hyperparameters));
    }
}
