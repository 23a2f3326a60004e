package dev.kiln.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.support.KilnHttp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Knowledge distillation over HTTP: a small student trained on a teacher's softened outputs and the labels learns to
 * answer as its teacher does — closer to it than the same student trained on the labels alone, same epochs and seed
 * — and a teacher that does not answer the same question is refused naming the field. Implemented once per database.
 */
public interface DistillationContract {
    String TEACHER = """
            {"name": "teacher", "layers": [{"type": "dense", "units": 64, "activation": "relu"},
             {"type": "dense", "units": 32, "activation": "relu"}, {"type": "dense", "units": 1,
             "activation": "sigmoid"}]}""";
    /** A quarter of the teacher's 4,097 parameters: 1,025. */
    String STUDENT = """
            {"name": "student", "layers": [{"type": "dense", "units": 32, "activation": "relu"},
             {"type": "dense", "units": 1, "activation": "sigmoid"}]}""";

    KilnHttp http();

    private String run(String dataset, String model, String test, String distillation, int epochs) {
        String id = http().submitRun("""
                {"datasetId": "%s", "modelId": "%s", "target": "target", "testDatasetId": "%s",
                 "hyperparameters": {"epochs": %d, "batchSize": 32, "seed": 7, "validationSplit": 0.0}%s}"""
                .formatted(dataset, http().createModel(model), test, epochs, distillation));
        JsonNode done = http().awaitFinished(id);
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        return id;
    }

    @Test
    default void aDistilledStudentAnswersCloserToItsTeacherThanTheSameStudentOnLabelsAlone() throws Exception {
        String train = http().uploadId("breast_cancer_train.csv");
        String test = http().uploadId("breast_cancer_test.csv");
        String teacher = run(train, TEACHER, test, "", 40);

        String distilled = run(train, STUDENT, test, """
                , "distillation": {"teacherRunId": "%s", "temperature": 4, "alpha": 0.9}""".formatted(teacher), 10);
        String plain = run(train, STUDENT, test, "", 10);

        List<Double> teacherP = probabilities(teacher);
        double distilledGap = gap(probabilities(distilled), teacherP);
        double plainGap = gap(probabilities(plain), teacherP);
        JsonNode shown = http().get("/api/v1/runs/" + distilled).json();
        System.out.printf("Distillation, breast cancer (teacher 64-32, 4,097 parameters; student 32, 1,025; 10 epochs, "
                        + "seed 7): mean |p − p_teacher| distilled %.4f, labels only %.4f; test accuracy teacher %.4f, "
                        + "distilled %.4f, labels only %.4f; test log loss distilled %.4f, labels only %.4f%n",
                distilledGap, plainGap, metric(teacher, "test_accuracy"), metric(distilled, "test_accuracy"),
                metric(plain, "test_accuracy"), metric(distilled, "test_loss"), metric(plain, "test_loss"));
        assertThat(shown.get("spec").get("distillation").get("teacherRunId").asString()).isEqualTo(teacher);
        assertThat(shown.get("spec").get("distillation").get("alpha").asDouble()).isEqualTo(0.9);
        assertThat(distilledGap).as("the distilled student follows its teacher more closely").isLessThan(plainGap);
        assertThat(metric(distilled, "test_accuracy")).as("and still learned the task").isGreaterThan(0.9);
    }

    static Stream<Arguments> badTeachers() {
        return Stream.of(
                Arguments.of("a teacher of another task", "regression", "{\"teacherRunId\": \"%teacher%\"}",
                        "distillation.teacherRunId"),
                Arguments.of("a run that does not exist", "none",
                        "{\"teacherRunId\": \"00000000-0000-0000-0000-000000000000\"}", "distillation.teacherRunId"),
                Arguments.of("alpha above 1", "classifier", "{\"teacherRunId\": \"%teacher%\", \"alpha\": 1.5}",
                        "distillation.alpha"),
                Arguments.of("a temperature of 0", "classifier",
                        "{\"teacherRunId\": \"%teacher%\", \"temperature\": 0}", "distillation.temperature"),
                Arguments.of("no teacher", "none", "{\"alpha\": 0.5}", "distillation.teacherRunId"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badTeachers")
    default void aTeacherThatDoesNotFitIsRefusedNamingTheField(String name, String teacherKind, String distillation,
                                                               String field) {
        String data = http().uploadId("breast_cancer_train.csv");
        String teacher = switch (teacherKind) {
            case "regression" -> regressionTeacher();
            case "classifier" -> run(data, STUDENT, data, "", 1);
            default -> null;
        };
        long runsBefore = http().get("/api/v1/runs?size=1").json().get("page").get("totalElements").asLong();

        var answer = http().postJson("/api/v1/runs", """
                {"datasetId": "%s", "modelId": "%s", "target": "target", "distillation": %s}""".formatted(data,
                http().createModel(STUDENT), teacher == null ? distillation : distillation.replace("%teacher%",
                        teacher)));

        assertThat(answer.status()).as(answer.body()).isEqualTo(422);
        assertThat(answer.json().get("errors")).extracting(e -> e.get("field").asString()).contains(field);
        assertThat(http().get("/api/v1/runs?size=1").json().get("page").get("totalElements").asLong())
                .as("no run stored").isEqualTo(runsBefore);
    }

    /** A SUCCEEDED regression on the diabetes set: another task, target and features than the breast-cancer runs. */
    private String regressionTeacher() {
        String data = http().uploadId("diabetes_progression_train.csv");
        String id = http().submitRun("""
                {"datasetId": "%s", "modelId": "%s", "target": "progression",
                 "hyperparameters": {"epochs": 1, "seed": 1}}""".formatted(data, http().createModel("""
                {"name": "regressor", "layers": [{"type": "dense", "units": 1}]}""")));
        assertThat(http().awaitFinished(id).get("status").asString()).isEqualTo("SUCCEEDED");
        return id;
    }

    /** P(class "1") of every test row, as the run predicts it. */
    private List<Double> probabilities(String run) throws Exception {
        List<String> lines = Files.readAllLines(Path.of("src/test/resources/data/breast_cancer_test.csv"));
        String[] header = lines.get(0).split(",");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            Map<String, Object> row = new HashMap<>();
            for (int c = 0; c < header.length; c++) {
                if (!header[c].equals("target")) {
                    row.put(header[c], Double.parseDouble(cells[c]));
                }
            }
            rows.add(row);
        }
        JsonNode predictions = http().postJson("/api/v1/runs/" + run + "/predict", Map.of("rows", rows)).json()
                .get("predictions");
        List<Double> p = new ArrayList<>();
        predictions.forEach(prediction -> p.add(prediction.get("probabilities").get("1").asDouble()));
        return p;
    }

    private static double gap(List<Double> a, List<Double> b) {
        double sum = 0;
        for (int i = 0; i < a.size(); i++) {
            sum += Math.abs(a.get(i) - b.get(i));
        }
        return sum / a.size();
    }

    private double metric(String run, String name) {
        return http().get("/api/v1/runs/" + run).json().get("metrics").get(name).asDouble();
    }
}
