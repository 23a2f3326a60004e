package dev.kiln.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.support.KilnHttp;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Run search over real HTTP: three runs (A: adam, 3 epochs, team=risk, owner=o'brien; B: sgd, 2 epochs, team=growth;
 * C: adam, stopped by its time limit, team=risk), each filter case run against them, each malformed or hostile
 * filter refused with 400 naming the token. Implemented once per database.
 */
public interface SearchContract {
    Map<String, Map<String, String>> RUNS = new ConcurrentHashMap<>();

    KilnHttp http();

    /** A, B and C on this server, trained once. */
    private Map<String, String> runs() {
        return RUNS.computeIfAbsent(http().base(), base -> {
            String iris = http().uploadId("iris_train.csv");
            String model = http().createModel(BadInputContract.GOOD_MODEL);
            String a = submit(iris, model, "\"epochs\": 3, \"optimizer\": {\"type\": \"adam\", \"learningRate\": 0.01}",
                    "{\"team\": \"risk\", \"owner\": \"o'brien\"}");
            String b = submit(iris, model, "\"epochs\": 2, \"optimizer\": {\"type\": \"sgd\", \"learningRate\": 0.05}",
                    "{\"team\": \"growth\"}");
            String c = submit(iris, model, "\"epochs\": 5000, \"batchSize\": 8, \"maxRuntime\": \"PT1S\"",
                    "{\"team\": \"risk\"}");
            assertThat(http().awaitFinished(a).get("status").asString()).isEqualTo("SUCCEEDED");
            assertThat(http().awaitFinished(b).get("status").asString()).isEqualTo("SUCCEEDED");
            assertThat(http().awaitFinished(c).get("status").asString()).isEqualTo("FAILED");
            return Map.of("A", a, "B", b, "C", c);
        });
    }

    private String submit(String dataset, String model, String hyperparameters, String tags) {
        return http().submitRun("""
                {"datasetId": "%s", "modelId": "%s", "target": "target", "hyperparameters": {%s, "seed": 1},
                 "tags": %s}""".formatted(dataset, model, hyperparameters, tags));
    }

    private KilnHttp.Answer search(String filter, String sort) {
        return http().get("/api/v1/runs?size=100&filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8)
                + (sort == null ? "" : "&sort=" + URLEncoder.encode(sort, StandardCharsets.UTF_8)));
    }

    /** The names (A, B, C) of the runs a filter finds among the three, in the order found. */
    private List<String> found(String filter, String sort) {
        Map<String, String> runs = runs();
        KilnHttp.Answer answer = search("(" + filter + ") AND id IN ('" + runs.get("A") + "', '" + runs.get("B")
                + "', '" + runs.get("C") + "')", sort);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        for (JsonNode run : answer.json().get("content")) {
            runs.forEach((name, id) -> {
                if (id.equals(run.get("id").asString())) {
                    names.add(name);
                }
            });
        }
        return names;
    }

    static Stream<Arguments> matching() {
        return Stream.of(
                Arguments.of("status = 'SUCCEEDED'", "AB"),
                Arguments.of("status IN ('SUCCEEDED','FAILED')", "ABC"),
                Arguments.of("status != 'FAILED'", "AB"),
                Arguments.of("status NOT IN ('FAILED', 'CANCELLED')", "AB"),
                Arguments.of("params.optimizer.type = 'adam'", "AC"),
                Arguments.of("params.optimizer.type = 'sgd' OR tags.team = 'risk'", "ABC"),
                Arguments.of("params.optimizer.type = 'adam' and status = 'succeeded'", "A"),
                Arguments.of("NOT params.optimizer.type = 'adam'", "B"),
                Arguments.of("params.epochs >= 3", "AC"),
                Arguments.of("params.epochs BETWEEN 2 AND 3", "AB"),
                Arguments.of("params.optimizer.learningRate < 0.02", "AC"),
                Arguments.of("params.shuffle = true", "ABC"),
                Arguments.of("tags.team = 'risk' AND (status IN ('SUCCEEDED','FAILED') OR tags.team = 'none')", "AC"),
                Arguments.of("tags.owner = 'o''brien'", "A"),
                Arguments.of("tags.team LIKE 'gro%'", "B"),
                Arguments.of("tags.team NOT LIKE 'gro%'", "AC"),
                Arguments.of("tags.owner IS NULL", "BC"),
                Arguments.of("tags.owner IS NOT NULL", "A"),
                Arguments.of("metrics.accuracy IS NOT NULL AND metrics.accuracy BETWEEN 0 AND 1", "ABC"),
                Arguments.of("metrics.test_accuracy IS NULL", "ABC"),
                Arguments.of("task = 'multiclass' AND target = 'target'", "ABC"),
                Arguments.of("epoch = 2", "B"),
                Arguments.of("createdAt > '2000-01-01' AND finishedAt <= '2999-01-01T00:00:00Z'", "ABC"),
                Arguments.of("target LIKE 'tar%' AND priority = 0", "ABC"),
                Arguments.of("tags.team = 'x'' OR ''1''=''1'", ""),
                Arguments.of("NOT (NOT (status = 'FAILED'))", "C"));
    }

    @ParameterizedTest(name = "{0} finds {1}")
    @MethodSource("dev.kiln.api.SearchContract#matching")
    default void aFilterFindsExactlyTheRunsItDescribes(String filter, String expected) {
        assertThat(String.join("", found(filter, "createdAt,asc"))).isEqualTo(expected);
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("metrics.val_accuracy >", "the end of the filter"),
                Arguments.of("status = 'DONE'", "'DONE' is not a status"),
                Arguments.of("'; DROP TABLE runs; --", "the string is not closed"),
                Arguments.of("status = 'x'; DROP TABLE runs; --", "unexpected character ';'"),
                Arguments.of("status = 'SUCCEEDED' UNION SELECT id FROM api_keys", "found 'UNION'"),
                Arguments.of("status = 'SUCCEEDED' UNION SELECT * FROM api_keys", "unexpected character '*'"),
                Arguments.of("params.x = 1 OR 1=1", "expected a field"),
                Arguments.of("metrics.accuracy = 'high'", "a metric is compared with numbers"),
                Arguments.of("foo = 1", "'foo' is not a field"),
                Arguments.of("status LIKE 'S%'", "like does not apply"),
                Arguments.of("(status = 'QUEUED'", "expected ')'"),
                Arguments.of("tags.team = 5", "a tag is compared with quoted strings"),
                Arguments.of("createdAt > 'yesterday'", "is not a date"),
                Arguments.of("status = 'SUCCEEDED' AND", "found the end of the filter"),
                Arguments.of("metrics.accuracy >> 1", "found '>'"),
                Arguments.of("datasetId = 'abc'", "'abc' is not an id"),
                Arguments.of("x".repeat(2001), "at most 2000"));
    }

    @ParameterizedTest(name = "{0} is refused: {1}")
    @MethodSource("dev.kiln.api.SearchContract#refused")
    default void aMalformedOrHostileFilterIsRefusedNamingTheToken(String filter, String reason) {
        KilnHttp.Answer answer = search(filter, null);
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().get("errors").get(0).get("field").asString()).isEqualTo("filter");
        assertThat(answer.body()).contains(reason);
        assertThat(http().get("/api/v1/runs?size=1").status()).as("the runs table is still there").isEqualTo(200);
    }

    @Test
    default void runsSortByAMetricWithThoseLackingItLast() {
        Map<String, String> runs = runs();
        List<String> byEpochs = found("status IN ('SUCCEEDED', 'FAILED')", "params.epochs,desc");
        assertThat(byEpochs).containsExactly("C", "A", "B");
        List<String> byTag = found("id IS NOT NULL", "tags.owner,asc");
        assertThat(byTag.get(0)).isEqualTo("A");
        KilnHttp.Answer loss = search("id = '" + runs.get("A") + "' OR id = '" + runs.get("B") + "'",
                "metrics.loss,asc");
        assertThat(loss.status()).isEqualTo(200);
        JsonNode content = loss.json().get("content");
        assertThat(content.get(0).get("metrics").get("loss").asDouble())
                .isLessThanOrEqualTo(content.get(1).get("metrics").get("loss").asDouble());
        assertThat(search("status = 'FAILED'", "metrics.nope,sideways").status()).isEqualTo(400);
    }

    @Test
    default void theComparisonAlignsEveryRunsSeriesOnOneEpochAxis() {
        Map<String, String> runs = runs();
        String a = runs.get("A");
        String b = runs.get("B");
        KilnHttp.Answer answer = http().get("/api/v1/runs/compare?ids=" + a + "," + b);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode compared = answer.json();
        assertThat(compared.get("epochs").toString()).isEqualTo("[1,2,3]");
        assertThat(compared.get("runs")).extracting(r -> r.get("id").asString()).containsExactly(a, b);
        JsonNode loss = compared.get("metrics").get("loss");
        JsonNode rowsOfA = http().get("/api/v1/runs/" + a + "/metrics").json().get("epochs");
        for (int i = 0; i < 3; i++) {
            assertThat(loss.get(a).get(i).asDouble()).isEqualTo(rowsOfA.get(i).get("metrics").get("loss").asDouble());
        }
        assertThat(loss.get(b).get(2).isNull()).as("B trained two epochs").isTrue();
        assertThat(compared.get("runs").get(1).get("spec").get("optimizer").get("type").asString()).isEqualTo("sgd");

        assertThat(http().get("/api/v1/runs/compare?ids=" + a).status()).isEqualTo(400);
        KilnHttp.Answer bad = http().get("/api/v1/runs/compare?ids=" + a + ",nope");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("ids").contains("'nope' is not a run id");
        assertThat(http().get("/api/v1/runs/compare?ids=" + a + "," + java.util.UUID.randomUUID()).status())
                .isEqualTo(404);
    }

    @Test
    default void tagsAreSetOnSubmitAndChangedWithPatch() {
        String iris = http().uploadId("iris_train.csv");
        String model = http().createModel(BadInputContract.GOOD_MODEL);
        String run = submit(iris, model, "\"epochs\": 1", "{\"team\": \"risk\", \"stage\": \"dev\"}");
        KilnHttp.Answer patched = http().call("PATCH", "/api/v1/runs/" + run, Map.of("Content-Type",
                "application/json"), "{\"tags\": {\"stage\": \"prod\", \"team\": null}}");
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.json().get("tags").toString()).isEqualTo("{\"stage\":\"prod\"}");
        KilnHttp.Answer found = search("tags.stage = 'prod' AND id = '" + run + "'", null);
        assertThat(found.json().get("content")).hasSize(1);
        assertThat(found.json().get("content").get(0).get("tags").get("stage").asString()).isEqualTo("prod");

        KilnHttp.Answer bad = http().call("PATCH", "/api/v1/runs/" + run, Map.of("Content-Type", "application/json"),
                "{\"tags\": {\"no spaces\": \"x\"}}");
        assertThat(bad.status()).as(bad.body()).isEqualTo(422);
        assertThat(bad.body()).contains("is not a tag key");
        assertThat(http().get("/api/v1/runs/" + run).json().get("tags").toString()).as("unchanged by the refusal")
                .isEqualTo("{\"stage\":\"prod\"}");
    }
}
