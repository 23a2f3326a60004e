package dev.kiln.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.dataset.TestImages;
import dev.kiln.support.Access;
import dev.kiln.support.KilnHttp;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Every case of {@link BadInputCorpus}: the status it names, as problem+json naming the field (never a 5xx, never a
 * stack trace) — and nothing stored is changed by the refused request: the fixture's dataset, model, run, scoring job
 * and project read the same, and no list grew or shrank. Implemented once per database.
 */
public interface BadInputCorpusContract {
    /** The fixture of each started Kiln, by its base URL: made once, by the first case. */
    Map<String, Map<String, String>> FIXTURES = new ConcurrentHashMap<>();

    KilnHttp http();

    private Map<String, String> fixture() {
        return FIXTURES.computeIfAbsent(http().base(), base -> {
            Map<String, String> ids = new LinkedHashMap<>();
            ids.put("dataset", http().uploadId("iris_train.csv"));
            ids.put("other", http().upload("other.csv", "a,b\n1,2\n3,4\n".getBytes(StandardCharsets.UTF_8),
                    Map.of()).id());
            KilnHttp.Answer images = http().upload("pictures.zip", TestImages.zip(TestImages.entries(
                    "a/1.png", TestImages.gray(8, 8, 1, "png"), "b/1.png", TestImages.gray(8, 8, 90, "png"))),
                    Map.of());
            assertThat(images.status()).as(images.body()).isEqualTo(201);
            ids.put("images", images.id());
            ids.put("model", http().createModel(BadInputContract.GOOD_MODEL));
            ids.put("huge", http().createModel("""
                    {"name": "huge", "layers": [{"type": "dense", "units": 65536}, {"type": "dense", "units": 65536},
                     {"type": "dense", "units": 3, "activation": "softmax"}]}"""));
            String run = http().submitRun("""
                    {"datasetId": "%s", "modelId": "%s", "target": "target", "hyperparameters": {"epochs": 1}}"""
                    .formatted(ids.get("dataset"), ids.get("model")));
            assertThat(http().awaitFinished(run).get("status").asString()).isEqualTo("SUCCEEDED");
            ids.put("run", run);
            ids.put("job", http().postJson("/api/v1/runs/" + run + "/predictions",
                    Map.of("datasetId", ids.get("dataset"))).id());
            ids.put("project", Access.project(http(), "corpus"));
            return Map.copyOf(ids);
        });
    }

    /** What a refused request must leave as it was. */
    private Map<String, String> stored(Map<String, String> ids) {
        Map<String, String> stored = new LinkedHashMap<>();
        for (String list : List.of("datasets", "models", "runs", "projects", "keys")) {
            stored.put(list, http().get("/api/v1/" + list).json().get("page").get("totalElements").asString());
        }
        stored.put("dataset", http().get("/api/v1/datasets/" + ids.get("dataset")).body());
        stored.put("images", http().get("/api/v1/datasets/" + ids.get("images")).body());
        stored.put("model", http().get("/api/v1/models/" + ids.get("model")).body());
        JsonNode run = http().get("/api/v1/runs/" + ids.get("run")).json();
        stored.put("run", run.get("status").asString() + " " + run.get("history").size() + " " + run.get("metrics"));
        stored.put("project", http().get("/api/v1/projects/" + ids.get("project")).body());
        return stored;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.kiln.api.BadInputCorpus#cases")
    default void answersWithAProblemAndChangesNothing(BadInputCorpus.Case badInput) {
        Map<String, String> ids = fixture();
        Map<String, String> before = stored(ids);

        KilnHttp.Answer answer = badInput.request().send(http(), ids);

        assertThat(answer.status()).as(answer.body()).isLessThan(500).isEqualTo(badInput.status());
        assertThat(answer.contentType()).startsWith("application/problem+json");
        JsonNode problem = answer.json();
        assertThat(problem.get("status").asInt()).isEqualTo(badInput.status());
        assertThat(answer.body()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("dev.kiln.");
        if (badInput.field() != null) {
            assertThat(problem.get("errors")).as(answer.body()).anySatisfy(error ->
                    assertThat(error.get("field").asString()).isEqualTo(badInput.field()));
        }
        if (badInput.detail() != null) {
            assertThat(answer.body()).containsIgnoringCase(badInput.detail());
        }
        assertThat(stored(ids)).isEqualTo(before);
    }
}
