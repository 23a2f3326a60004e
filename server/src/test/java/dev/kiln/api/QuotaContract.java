package dev.kiln.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kiln.support.Access;
import dev.kiln.support.KilnHttp;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Each project's quotas — stored bytes, datasets, queued runs, prediction rows per minute — answer 422 or 429 with
 * Retry-After when reached; a run whose model is too big to train is refused before it is queued, naming the layer.
 * The test server runs with {@code kiln.training.max-memory=2GB}. Implemented once per database.
 */
public interface QuotaContract {
    KilnHttp http();

    String IRIS_RUN = """
            {"datasetId": "%s", "modelId": "%s", "target": "target", "hyperparameters": %s}""";

    private KilnHttp projectWith(Map<String, Object> quotas) {
        String project = Access.project(http(), "quota");
        KilnHttp.Answer set = http().call("PATCH", "/api/v1/projects/" + project + "/quotas",
                Map.of("Content-Type", "application/json"), tools.jackson.databind.json.JsonMapper.builder().build()
                        .writeValueAsString(quotas));
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        return Access.key(http(), project, "read", "write");
    }

    private static JsonNode refused(KilnHttp.Answer answer, int status, String field, String reason) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        JsonNode problem = answer.json();
        if (field != null) {
            assertThat(problem.get("errors")).anySatisfy(error -> {
                assertThat(error.get("field").asString()).isEqualTo(field);
                assertThat(error.get("message").asString()).contains(reason);
            });
        } else {
            assertThat(problem.get("detail").asString()).contains(reason);
        }
        return problem;
    }

    @Test
    default void aProjectHoldsNoMoreDatasetsThanItsQuota() {
        KilnHttp member = projectWith(Map.of("maxDatasets", 1));
        member.uploadId("iris_train.csv");

        refused(member.upload("iris_test.csv"), 422, "file", "kiln.quotas.max-datasets");
        assertThat(member.get("/api/v1/datasets").json().get("page").get("totalElements").asInt()).isEqualTo(1);
    }

    @Test
    default void aProjectStoresNoMoreBytesThanItsQuota() {
        KilnHttp member = projectWith(Map.of("maxStoredBytes", 2500));
        member.uploadId("iris_test.csv");

        refused(member.upload("iris_train.csv"), 422, "file", "kiln.quotas.max-stored-bytes");
        assertThat(member.get("/api/v1/datasets").json().get("page").get("totalElements").asInt()).isEqualTo(1);
    }

    @Test
    default void aProjectQueuesNoMoreRunsThanItsQuotaAndSaysWhenToRetry() {
        KilnHttp member = projectWith(Map.of("maxQueuedRuns", 1, "maxConcurrentRuns", 1));
        String data = member.uploadId("iris_train.csv");
        String model = member.createModel(BadInputContract.GOOD_MODEL);
        String slow = member.submitRun(IRIS_RUN.formatted(data, model, "{\"epochs\": 100000, \"batchSize\": 4}"));
        member.awaitRun(slow, Duration.ofMinutes(1), "RUNNING");
        String queued = member.submitRun(IRIS_RUN.formatted(data, model, "{\"epochs\": 1}"));
        try {
            KilnHttp.Answer third = member.postJson("/api/v1/runs", IRIS_RUN.formatted(data, model, "{\"epochs\": 1}"));
            refused(third, 429, null, "kiln.quotas.max-queued-runs");
            assertThat(third.headers().firstValue("Retry-After")).hasValueSatisfying(v ->
                    assertThat(Integer.parseInt(v)).isPositive());
        } finally {
            member.post("/api/v1/runs/" + queued + "/cancel");
            member.post("/api/v1/runs/" + slow + "/cancel");
            member.awaitFinished(slow);
        }
    }

    @Test
    default void predictionsBeyondTheProjectsRatePerMinuteAre429WithRetryAfter() {
        KilnHttp member = projectWith(Map.of("predictionRowsPerMinute", 5));
        String data = member.uploadId("iris_train.csv");
        String model = member.createModel(BadInputContract.GOOD_MODEL);
        String run = member.submitRun(IRIS_RUN.formatted(data, model, "{\"epochs\": 1}"));
        assertThat(member.awaitFinished(run).get("status").asString()).isEqualTo("SUCCEEDED");
        String row = "{\"sepal_length_cm\": 5.1, \"sepal_width_cm\": 3.5, \"petal_length_cm\": 1.4, "
                + "\"petal_width_cm\": 0.2}";
        String rows = "{\"rows\": [" + row + ", " + row + ", {\"petal_width_cm\": 1.2}]}";

        KilnHttp.Answer first = member.postJson("/api/v1/runs/" + run + "/predict", rows);
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        KilnHttp.Answer second = member.postJson("/api/v1/runs/" + run + "/predict", rows);

        refused(second, 429, null, "5 rows per minute");
        assertThat(second.headers().firstValue("Retry-After")).hasValueSatisfying(v ->
                assertThat(Integer.parseInt(v)).isBetween(1, 60));
    }

    @Test
    default void aFourBillionParameterModelIsRefusedBeforeItIsQueuedNamingTheLayer() {
        String data = http().uploadId("iris_train.csv");
        String huge = http().createModel("""
                {"name": "huge", "layers": [{"type": "dense", "units": 65536, "activation": "relu"},
                 {"type": "dense", "units": 65536, "activation": "relu"}, {"type": "dense", "units": 3}]}""");
        long queued = http().get("/api/v1/runs?status=QUEUED").json().get("page").get("totalElements").asLong();

        refused(http().postJson("/api/v1/runs", IRIS_RUN.formatted(data, huge, "{}")), 422, "modelId",
                "layers[1] (dense) alone holds 4,295,032,832");
        assertThat(http().get("/api/v1/runs?status=QUEUED").json().get("page").get("totalElements").asLong())
                .isEqualTo(queued);
    }

    @Test
    default void aRunThatWouldNeedMoreMemoryThanAllowedIsRefusedSayingWhy() {
        String data = http().uploadId("iris_train.csv");
        String wide = http().createModel("""
                {"name": "wide", "layers": [{"type": "dense", "units": 20000, "activation": "relu"},
                 {"type": "dense", "units": 20000, "activation": "relu"}, {"type": "dense", "units": 3}]}""");
        refused(http().postJson("/api/v1/runs", IRIS_RUN.formatted(data, wide, "{}")), 422, "modelId",
                "over kiln.training.max-memory (2.0 GiB)");

        String broad = http().createModel("""
                {"name": "broad", "layers": [{"type": "dense", "units": 65536, "activation": "relu"},
                 {"type": "dense", "units": 3}]}""");
        refused(http().postJson("/api/v1/runs", IRIS_RUN.formatted(data, broad, "{\"batchSize\": 8192}")), 422,
                "hyperparameters.batchSize", "the largest at layers[0] (dense); a smaller batchSize needs less");
        String fits = http().submitRun(IRIS_RUN.formatted(data, broad, "{\"batchSize\": 16, \"epochs\": 1}"));
        http().post("/api/v1/runs/" + fits + "/cancel");
        http().awaitFinished(fits);
    }
}
