package dev.kiln.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.support.KilnHttp;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Studies that cannot run are refused with 422 naming the field before anything is queued: one case, one test.
 * Implemented once per database.
 */
public interface BadStudyContract {
    KilnHttp http();

    String SPACE = "{\"hyperparameters.optimizer.learningRate\": {\"logUniform\": [0.0001, 0.1]}}";

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("an unknown path", "random", "{\"hyperparameters.learningRat\": {\"uniform\": [0.1, 0.2]}}",
                        "", "space.hyperparameters.learningRat", "unknown"),
                Arguments.of("a path outside the run", "random", "{\"optimizer.learningRate\": {\"uniform\": [0.1, 0.2]}}",
                        "", "space.optimizer.learningRate", "unknown"),
                Arguments.of("not a path", "random", "{\"hyperparameters..x\": {\"uniform\": [0.1, 0.2]}}", "",
                        "space.hyperparameters..x", "not a path"),
                Arguments.of("a logUniform bound that is not positive", "random",
                        "{\"hyperparameters.optimizer.learningRate\": {\"logUniform\": [0, 0.1]}}", "",
                        "space.hyperparameters.optimizer.learningRate.logUniform", "positive"),
                Arguments.of("an empty range", "random",
                        "{\"hyperparameters.validationSplit\": {\"uniform\": [0.5, 0.1]}}", "",
                        "space.hyperparameters.validationSplit.uniform", "empty range"),
                Arguments.of("an empty choice", "random", "{\"hyperparameters.batchSize\": {\"choice\": []}}", "",
                        "space.hyperparameters.batchSize.choice", "1 to 100 options"),
                Arguments.of("a value the run check refuses", "random",
                        "{\"hyperparameters.batchSize\": {\"choice\": [16, 0]}}", "", "space.hyperparameters.batchSize",
                        "the value 0 is refused"),
                Arguments.of("a conditional value the run check refuses", "random",
                        "{\"hyperparameters.optimizer\": {\"choice\": [{\"type\": \"sgd\", \"momentum\": "
                                + "{\"uniform\": [0.5, 1.5]}}]}}", "",
                        "space.hyperparameters.optimizer.choice[0].momentum", "is refused"),
                Arguments.of("a layer the model does not have", "random",
                        "{\"model.layers[7].units\": {\"intUniform\": [4, 8]}}", "", "space.model.layers[7].units",
                        "beyond the list's 2 items"),
                Arguments.of("a layer size the model refuses", "random",
                        "{\"model.layers[0].units\": {\"intUniform\": [0, 8]}}", "", "space.model.layers[0].units",
                        "the value 0 is refused"),
                Arguments.of("a grid over a continuous range", "grid", SPACE, "",
                        "space.hyperparameters.optimizer.learningRate", "a grid needs a finite set"),
                Arguments.of("maxTrials 0", "random", SPACE, ", \"maxTrials\": 0", "maxTrials", "greater than or equal to 1"),
                Arguments.of("parallelism 0", "random", SPACE, ", \"parallelism\": 0", "parallelism",
                        "greater than or equal to 1"),
                Arguments.of("an objective the runs do not record", "tpe", SPACE,
                        ", \"objective\": {\"metric\": \"val_auc\"}", "objective.metric", "not recorded"),
                Arguments.of("a validation objective without validation data", "tpe", SPACE,
                        ", \"objective\": {\"metric\": \"val_loss\"}, \"run\": %NOVALIDATION%", "objective.metric",
                        "needs validation data"),
                Arguments.of("an unknown algorithm", "bayes", SPACE, "", "algorithm", "unknown algorithm"),
                Arguments.of("an unknown pruner", "random", SPACE, ", \"pruner\": {\"type\": \"hyperband\"}", "pruner.type",
                        "hyperband"),
                Arguments.of("a pruner that decides after the last epoch", "random", SPACE,
                        ", \"pruner\": {\"type\": \"asha\", \"minEpochs\": 4}", "pruner.minEpochs", "never stops one"),
                Arguments.of("a base run the run check refuses", "random", SPACE, ", \"run\": %BADRUN%",
                        "run.target", "no column"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.kiln.api.BadStudyContract#cases")
    default void aBadStudyIsRefusedNamingTheFieldAndQueuesNothing(String name, String algorithm, String space,
                                                                  String extra, String field, String reason) {
        String data = http().uploadId("breast_cancer_train.csv");
        String model = http().createModel(StudiesContract.MODEL);
        String run = """
                {"datasetId": "%s", "modelId": "%s", "target": "target",
                 "hyperparameters": {"epochs": 4, "validationSplit": 0.2}}""".formatted(data, model);
        String body = "{\"name\": \"bad\", \"algorithm\": \"" + algorithm + "\", \"space\": " + space
                + (extra.contains("\"run\"") ? "" : ", \"run\": " + run)
                + (extra.contains("\"objective\"") ? "" : ", \"objective\": {\"metric\": \"val_loss\"}")
                + extra.replace("%NOVALIDATION%", run.replace("\"validationSplit\": 0.2", "\"validationSplit\": 0"))
                .replace("%BADRUN%", run.replace("\"target\": \"target\"", "\"target\": \"species\"")) + "}";
        long runsBefore = http().get("/api/v1/runs?size=1").json().get("page").get("totalElements").asLong();
        long studiesBefore = http().get("/api/v1/studies?size=1").json().get("page").get("totalElements").asLong();

        KilnHttp.Answer answer = http().postJson("/api/v1/studies", body);

        assertThat(answer.status()).as(answer.body()).isIn(400, 422);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.body()).doesNotContain("Exception").doesNotContain("\tat ");
        JsonNode problem = answer.json();
        assertThat(problem.get("errors")).as(answer.body()).anySatisfy(error -> {
            assertThat(error.get("field").asString()).isEqualTo(field);
            assertThat(error.get("message").asString()).containsIgnoringCase(reason);
        });
        assertThat(http().get("/api/v1/runs?size=1").json().get("page").get("totalElements").asLong())
                .isEqualTo(runsBefore);
        assertThat(http().get("/api/v1/studies?size=1").json().get("page").get("totalElements").asLong())
                .isEqualTo(studiesBefore);
    }
}
