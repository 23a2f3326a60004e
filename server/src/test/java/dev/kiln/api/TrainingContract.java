package dev.kiln.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.support.KilnHttp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * End to end over real HTTP, with real DJL training on the shared datasets: upload, define, train, query.
 * Implemented once per database.
 */
public interface TrainingContract {
    String MLP_64 = """
            {"name": "%s", "layers": [
              {"type": "dense", "units": 64, "activation": "relu"},
              {"type": "dense", "units": %d%s}]}""";

    KilnHttp http();

    private JsonNode train(String name, String trainFile, String testFile, int outputs, String outputActivation,
                           String target) {
        String train = http().uploadId(trainFile);
        String test = http().uploadId(testFile);
        String model = http().createModel(MLP_64.formatted(name, outputs,
                outputActivation == null ? "" : ", \"activation\": \"" + outputActivation + "\""));
        String run = http().submitRun("""
                {"datasetId": "%s", "modelId": "%s", "target": "%s", "testDatasetId": "%s",
                 "hyperparameters": {"epochs": 50, "batchSize": 32, "seed": 42,
                                     "optimizer": {"type": "adam", "learningRate": 0.001}}}"""
                .formatted(train, model, target, test));
        JsonNode done = http().awaitFinished(run);
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        JsonNode metrics = http().get("/api/v1/runs/" + run + "/metrics").json();
        assertThat(metrics.get("epochs")).hasSize(50);
        return done;
    }

    @Test
    default void trainsABinaryClassifierOnBreastCancerToTheReferenceAccuracy() {
        JsonNode run = train("breast-cancer", "breast_cancer_train.csv", "breast_cancer_test.csv", 1, "sigmoid",
                "target");

        assertThat(run.get("task").asString()).isEqualTo("binary");
        assertThat(run.get("device").asString()).isNotBlank();
        assertThat(run.get("metrics").get("test_accuracy").asDouble()).isGreaterThanOrEqualTo(0.94);
        assertThat(run.get("metrics").get("val_accuracy").asDouble()).isGreaterThan(0.85);
        assertThat(run.get("preprocessing").get("features")).hasSize(30);
        assertThat(run.get("history")).extracting(h -> h.get("status").asString())
                .containsExactly("QUEUED", "RUNNING", "SUCCEEDED");
    }

    @Test
    default void trainsAMulticlassClassifierOnIris() {
        JsonNode run = train("iris", "iris_train.csv", "iris_test.csv", 3, "softmax", "target");

        assertThat(run.get("task").asString()).isEqualTo("multiclass");
        assertThat(run.get("metrics").get("test_accuracy").asDouble()).isGreaterThanOrEqualTo(0.83);
    }

    @Test
    default void trainsARegressionOnDiabetesWellBelowTheMeanBaseline() throws IOException {
        JsonNode run = train("diabetes", "diabetes_progression_train.csv", "diabetes_progression_test.csv", 1, null,
                "progression");

        double baseline = meanBaselineMae("diabetes_progression_train.csv", "diabetes_progression_test.csv");
        assertThat(run.get("task").asString()).isEqualTo("regression");
        assertThat(run.get("metrics").get("test_mae").asDouble()).isLessThanOrEqualTo(0.75 * baseline);
    }

    /** The test MAE of always predicting the training mean of the last column. */
    private static double meanBaselineMae(String trainFile, String testFile) throws IOException {
        double mean = lastColumn(trainFile).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        return lastColumn(testFile).stream().mapToDouble(v -> Math.abs(v - mean)).average().orElseThrow();
    }

    private static List<Double> lastColumn(String file) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("src/test/resources/data", file));
        return lines.subList(1, lines.size()).stream().filter(l -> !l.isBlank())
                .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(',') + 1))).toList();
    }
}
