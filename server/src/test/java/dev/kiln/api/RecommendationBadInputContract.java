package dev.kiln.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.support.KilnHttp;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Recommender requests Kiln refuses with 422 naming the field and the reason, and nothing stored changes: bad
 * interaction columns, targets, features and graphs at submission; k out of range, an unknown item and a run that
 * is no recommender when asking for recommendations. Implemented once per database.
 */
public interface RecommendationBadInputContract {
    /** Each started Kiln's datasets, by base URL and name. */
    Map<String, String> DATASETS = new ConcurrentHashMap<>();

    KilnHttp http();

    String MF = "{\"name\": \"mf\", \"layers\": [{\"type\": \"matrixFactorization\", \"factors\": 8}]}";

    /** A refused submission: the model, the run's extra JSON fields, and the refusal's field and words. */
    record Submission(String name, String model, String fields, String field, String reason) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Submission> submissions() {
        String rating = "\"task\": \"rating\", \"interactions\": {\"user\": \"userId\", \"item\": \"movieId\", "
                + "\"rating\": \"rating\"}";
        return Stream.of(
                new Submission("a user column the dataset lacks", MF, "\"task\": \"rating\", \"interactions\": "
                        + "{\"user\": \"customer\", \"item\": \"movieId\", \"rating\": \"rating\"}",
                        "interactions.user", "no column 'customer'"),
                new Submission("an item column the dataset lacks", MF, "\"task\": \"ranking\", \"interactions\": "
                        + "{\"user\": \"userId\", \"item\": \"product\"}", "interactions.item", "no column 'product'"),
                new Submission("a rating run without a rating column", MF, "\"task\": \"rating\", \"interactions\": "
                        + "{\"user\": \"userId\", \"item\": \"movieId\"}", "interactions.rating", "name it"),
                new Submission("a rating column that is not numeric", MF, "\"task\": \"rating\", \"interactions\": "
                        + "{\"user\": \"userId\", \"item\": \"movieId\", \"rating\": \"mood\"}", "interactions.rating",
                        "column 'mood' is not numeric"),
                new Submission("leaveLastOut without a time column", MF, "\"task\": \"ranking\", \"interactions\": "
                        + "{\"user\": \"userId\", \"item\": \"movieId\", \"split\": \"leaveLastOut\"}",
                        "interactions.split", "name the time column"),
                new Submission("interactions without a recommender task", MF, "\"target\": \"rating\", "
                        + "\"interactions\": {\"user\": \"userId\", \"item\": \"movieId\"}", "task",
                        "set task to rating or ranking"),
                new Submission("a target other than the rating", MF, "\"target\": \"timestamp\", " + rating, "target",
                        "its rating column"),
                new Submission("a side feature in a ranking run", MF, "\"task\": \"ranking\", \"features\": "
                        + "[\"mood\"], \"interactions\": {\"user\": \"userId\", \"item\": \"movieId\"}", "features[0]",
                        "user and item columns only"),
                new Submission("negatives in a rating run", MF, "\"task\": \"rating\", \"interactions\": {\"user\": "
                        + "\"userId\", \"item\": \"movieId\", \"rating\": \"rating\", \"negatives\": 3}",
                        "interactions.negatives", "applies to ranking runs"),
                new Submission("a dot between embeddings of different widths", """
                        {"name": "uneven", "layers": [{"type": "input", "name": "user"},
                         {"type": "input", "name": "item"},
                         {"type": "embedding", "name": "u", "inputs": ["user"], "outputDim": 8},
                         {"type": "embedding", "name": "i", "inputs": ["item"], "outputDim": 16},
                         {"type": "dot", "inputs": ["u", "i"]}, {"type": "flatten"}]}""", rating, "modelId",
                        "dot along axes [0, 0] needs equal lengths"));
    }

    private String ratings() {
        return DATASETS.computeIfAbsent(http().base() + "/ratings", base -> {
            StringBuilder csv = new StringBuilder("userId,movieId,rating,timestamp,mood\n");
            String[] moods = {"calm", "tense", "happy"};
            for (int u = 1; u <= 30; u++) {
                for (int m = 1; m <= 8; m++) {
                    csv.append(u).append(',').append(100 + (u * m) % 40).append(',').append((u + m) % 5 + 1)
                            .append(',').append(1_000_000 + u * 100 + m).append(',').append(moods[(u + m) % 3])
                            .append('\n');
                }
            }
            KilnHttp.Answer answer = http().upload("ratings_mood.csv", csv.toString().getBytes(StandardCharsets.UTF_8),
                    Map.of());
            assertThat(answer.status()).as(answer.body()).isEqualTo(201);
            return answer.id();
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("submissions")
    default void aBadRecommenderSubmissionIsRefusedNamingTheField(Submission bad) {
        int before = http().get("/api/v1/runs").json().get("page").get("totalElements").asInt();

        KilnHttp.Answer answer = http().postJson("/api/v1/runs", "{\"datasetId\": \"%s\", \"modelId\": \"%s\", %s}"
                .formatted(ratings(), http().createModel(bad.model()), bad.fields()));

        assertThat(answer.status()).as(answer.body()).isEqualTo(422);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(violation(answer.json(), bad.field())).as(answer.body()).contains(bad.reason());
        assertThat(http().get("/api/v1/runs").json().get("page").get("totalElements").asInt()).as("nothing queued").isEqualTo(before);
    }

    /** A refused request for recommendations: its path, body and the refusal's field and words. */
    record Ask(String name, String path, Map<String, Object> body, String field, String reason) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Ask> asks() {
        return Stream.of(
                new Ask("k of zero", "/recommend", Map.of("user", "2", "k", 0), "k", "between 1 and the number of "
                        + "items (400)"),
                new Ask("k above the item count", "/recommend", Map.of("user", "2", "k", 401), "k", "between 1 and "
                        + "the number of items (400)"),
                new Ask("similar items of an unknown item", "/similar-items", Map.of("item", "no-such-movie"),
                        "item", "no item 'no-such-movie'"),
                new Ask("similar items with k of the whole catalog", "/similar-items", Map.of("item", "356", "k", 400),
                        "k", "at most 399 other items"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("asks")
    default void aBadRecommendationRequestIsRefusedNamingTheField(Ask bad) {
        KilnHttp.Answer answer = http().postJson("/api/v1/runs/" + RecommendationContract.ratingRun(http())
                + bad.path(), bad.body());

        assertThat(answer.status()).as(answer.body()).isEqualTo(422);
        assertThat(violation(answer.json(), bad.field())).as(answer.body()).contains(bad.reason());
    }

    @org.junit.jupiter.api.Test
    default void recommendationsFromARunThatIsNoRecommenderAreRefused() {
        String iris = http().uploadId("iris_train.csv");
        String run = http().submitRun("""
                {"datasetId": "%s", "modelId": "%s", "target": "target", "hyperparameters": {"epochs": 1}}"""
                .formatted(iris, http().createModel("""
                        {"name": "tiny", "layers": [{"type": "dense", "units": 3, "activation": "softmax"}]}""")));
        JsonNode done = http().awaitRun(run, java.time.Duration.ofMinutes(2), "SUCCEEDED", "FAILED", "CANCELLED");
        assertThat(done.get("status").asString()).isEqualTo("SUCCEEDED");

        KilnHttp.Answer answer = http().postJson("/api/v1/runs/" + run + "/recommend", Map.of("user", "2"));

        assertThat(answer.status()).as(answer.body()).isEqualTo(422);
        assertThat(violation(answer.json(), "runId")).contains("recommendations come from a rating or ranking run");
    }

    private static String violation(JsonNode problem, String field) {
        for (JsonNode v : problem.get("errors")) {
            if (v.get("field").asString().equals(field)) {
                return v.get("message").asString();
            }
        }
        return "no violation of " + field + " in " + problem;
    }
}
