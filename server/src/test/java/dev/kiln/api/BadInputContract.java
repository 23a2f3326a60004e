package dev.kiln.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.support.KilnHttp;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A caller's mistakes get a 4xx problem+json that names the field and the reason — never a 500, never a stack
 * trace — and Kiln keeps training good runs afterwards. Implemented once per database.
 */
public interface BadInputContract {
    String GOOD_MODEL = """
            {"name": "ok", "layers": [{"type": "dense", "units": 8, "activation": "relu"},
                                      {"type": "dense", "units": 3, "activation": "softmax"}]}""";

    KilnHttp http();

    private static JsonNode problem(KilnHttp.Answer answer, int status) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        JsonNode body = answer.json();
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("detail").asString()).isNotBlank();
        assertThat(answer.body()).doesNotContain("Exception").doesNotContain("\tat ");
        return body;
    }

    private static void namesField(JsonNode problem, String field, String reason) {
        assertThat(problem.get("errors")).anySatisfy(error -> {
            assertThat(error.get("field").asString()).isEqualTo(field);
            assertThat(error.get("message").asString()).containsIgnoringCase(reason);
        });
    }

    private KilnHttp.Answer upload(String content) {
        return http().upload("bad.csv", content.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    private String runJson(String datasetId, String modelId, String target, String hyperparameters) {
        return """
                {"datasetId": "%s", "modelId": "%s", "target": "%s", "hyperparameters": %s}"""
                .formatted(datasetId, modelId, target, hyperparameters);
    }

    @Test
    default void refusesTenBadInputsAndStillTrainsAGoodRunAfterwards() {
        namesField(problem(upload(""), 422), "file", "empty");
        namesField(problem(upload("1,2,3\n4,5,6\n"), 422), "file", "header");
        namesField(problem(upload("a,b,c\n1,2,3\n4,5\n"), 422), "file", "line 3 has 2 fields");
        byte[] garbage = new byte[2048];
        new Random(1).nextBytes(garbage);
        namesField(problem(http().upload("garbage.bin", garbage, Map.of()), 422), "file", "UTF-8");

        namesField(problem(http().postJson("/api/v1/models",
                "{\"name\": \"m\", \"layers\": [{\"type\": \"transformer\", \"units\": 4}]}"), 422),
                "layers[0].type", "unknown type 'transformer'");
        namesField(problem(http().postJson("/api/v1/models",
                "{\"name\": \"m\", \"layers\": [{\"type\": \"dense\", \"units\": 4}, "
                        + "{\"type\": \"dense\", \"units\": -3}]}"), 422), "layers[1].units", "greater than 0");

        String iris = http().uploadId("iris_train.csv");
        String model = http().createModel(GOOD_MODEL);
        namesField(problem(http().postJson("/api/v1/runs", runJson(iris, model, "species", "{}")), 422),
                "target", "no column 'species'");
        namesField(problem(http().postJson("/api/v1/runs", runJson(iris, model, "target",
                "{\"optimizer\": {\"type\": \"rmsprop\"}}")), 422), "hyperparameters.optimizer.type", "rmsprop");
        namesField(problem(http().postJson("/api/v1/runs", runJson(iris, model, "target", "{\"epochs\": 0}")), 422),
                "hyperparameters.epochs", "greater than or equal to 1");
        problem(http().get("/api/v1/runs/00000000-0000-0000-0000-000000000000"), 404);

        String run = http().submitRun(runJson(iris, model, "target", "{\"epochs\": 5, \"seed\": 1}"));
        assertThat(http().awaitFinished(run).get("status").asString()).isEqualTo("SUCCEEDED");
    }

    @Test
    default void refusesJsonThatDoesNotFitTheResourceNamingThePath() {
        namesField(problem(http().postJson("/api/v1/models",
                "{\"name\": \"m\", \"layers\": [{\"type\": \"dense\", \"unit\": 4}]}"), 422), "layers[0].unit",
                "unknown field");
        namesField(problem(http().postJson("/api/v1/models",
                "{\"name\": \"m\", \"layers\": [{\"type\": \"dense\", \"units\": \"many\"}]}"), 422),
                "layers[0].units", "integer");
        namesField(problem(http().postJson("/api/v1/models",
                "{\"name\": \"m\", \"layers\": [{\"type\": \"dense\", \"units\": 2, \"activation\": \"relu6\"}]}"),
                422), "layers[0].activation", "unknown activation 'relu6'");
        namesField(problem(http().postJson("/api/v1/models", "{\"name\": \"m\", \"layers\": []}"), 422),
                "layers", "must not be empty");
        namesField(problem(http().postJson("/api/v1/models",
                "{\"name\": \"m\", \"layers\": [{\"type\": \"dropout\", \"rate\": 1.5}]}"), 422),
                "layers[0].rate", "less than 1");
        problem(http().postJson("/api/v1/models", "{\"name\": \"m\", \"layers\": ["), 400);
        problem(http().postJson("/api/v1/models", ""), 400);
    }

    @Test
    default void refusesRunsThatCannotTrainBeforeQueueingThem() {
        String iris = http().uploadId("iris_train.csv");
        String oneOutput = http().createModel("""
                {"name": "one", "layers": [{"type": "dense", "units": 1, "activation": "sigmoid"}]}""");
        String good = http().createModel(GOOD_MODEL);

        namesField(problem(http().postJson("/api/v1/runs", runJson(iris, oneOutput, "target", "{}")), 422),
                "modelId", "multiclass task with 3 classes needs 3 output units, layers[0] has 1");
        namesField(problem(http().postJson("/api/v1/runs", runJson(iris, good, "target",
                "{\"batchSize\": -1, \"validationSplit\": 1.5}")), 422), "hyperparameters.batchSize", "greater");
        namesField(problem(http().postJson("/api/v1/runs",
                runJson("00000000-0000-0000-0000-000000000001", good, "target", "{}")), 422), "datasetId",
                "no dataset");
        namesField(problem(http().postJson("/api/v1/runs", """
                {"datasetId": "%s", "modelId": "%s", "target": "target", "task": "regression",
                 "features": ["petal_width_cm", "nope", "target"]}""".formatted(iris, good)), 422),
                "features[1]", "no column 'nope'");
        namesField(problem(http().postJson("/api/v1/runs", """
                {"datasetId": "%s", "modelId": "%s", "target": "target", "task": "clustering"}"""
                .formatted(iris, good)), 422), "task", "unknown task");
        namesField(problem(http().postJson("/api/v1/runs", "{\"modelId\": \"" + good + "\"}"), 422),
                "datasetId", "must not be null");
    }

    @Test
    default void refusesBadQueriesAndUploadsWithoutAFile() {
        problem(http().get("/api/v1/runs/not-a-uuid"), 404);
        problem(http().get("/api/v1/runs?status=DONE"), 400);
        problem(http().get("/api/v1/datasets?sort=nonsense"), 400);
        problem(http().get("/api/v1/nothing-here"), 404);
        String iris = http().uploadId("iris_train.csv");
        namesField(problem(http().get("/api/v1/datasets/" + iris + "/preview?limit=0"), 422), "limit", "between");
        problem(http().postJson("/api/v1/datasets", "{}"), 415);
    }

    @Test
    default void refusesUploadsOverTheSizeLimitWith413() {
        byte[] big = new byte[3 * 1024 * 1024];
        java.util.Arrays.fill(big, (byte) '1');
        problem(http().upload("big.csv", big, Map.of()), 413);
    }
}
