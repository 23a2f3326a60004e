package dev.kiln.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kiln.dataset.TestImages;
import dev.kiln.support.Access;
import dev.kiln.support.ApiOperations;
import dev.kiln.support.KilnHttp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;

/**
 * Projects are isolated: for every operation of Kiln's OpenAPI document that names a resource in its path, a key of
 * another project gets 404 — the answer for a resource that does not exist — where the owner's key gets anything
 * else; lists, filters and ids in bodies do not reveal the other project's resources either. The matrix is
 * generated from the document, so a new endpoint fails here until it is covered.
 */
public interface TenancyContract {
    KilnHttp http();

    String TRAIN = "iris_train.csv";

    /** A's resources, made once per test: datasets, a model, a finished run, a batch-scoring job. */
    record Owned(KilnHttp owner, KilnHttp stranger, String dataset, String images, String model, String run,
                 String job, String webhook, String study) {}

    private Owned owned() {
        KilnHttp owner = Access.key(http(), Access.project(http(), "owner"), "read", "write");
        KilnHttp stranger = Access.key(http(), Access.project(http(), "stranger"), "read", "write");
        String dataset = owner.uploadId(TRAIN);
        byte[] zip = TestImages.zip(TestImages.entries("a/1.png", TestImages.gray(8, 8, 1, "png"),
                "a/2.png", TestImages.gray(8, 8, 2, "png"), "b/1.png", TestImages.gray(8, 8, 90, "png"),
                "b/2.png", TestImages.gray(8, 8, 91, "png")));
        KilnHttp.Answer images = owner.upload("pictures.zip", zip, Map.of());
        assertThat(images.status()).as(images.body()).isEqualTo(201);
        String model = owner.createModel(BadInputContract.GOOD_MODEL);
        String run = owner.submitRun("""
                {"datasetId": "%s", "modelId": "%s", "target": "target", "testDatasetId": "%s",
                 "hyperparameters": {"epochs": 2, "seed": 1}}""".formatted(dataset, model, dataset));
        assertThat(owner.awaitFinished(run).get("status").asString()).isEqualTo("SUCCEEDED");
        KilnHttp.Answer job = owner.postJson("/api/v1/runs/" + run + "/predictions", Map.of("datasetId", dataset));
        assertThat(job.status()).as(job.body()).isEqualTo(202);
        await().atMost(Duration.ofMinutes(1)).until(() -> owner.get("/api/v1/runs/" + run + "/predictions/"
                + job.id()).json().get("status").asString().equals("SUCCEEDED"));
        KilnHttp.Answer webhook = owner.postJson("/api/v1/webhooks", Map.of("url", "http://127.0.0.1:9/hook",
                "events", List.of("run.succeeded")));
        assertThat(webhook.status()).as(webhook.body()).isEqualTo(201);
        KilnHttp.Answer study = owner.postJson("/api/v1/studies", """
                {"name": "owned", "objective": {"metric": "val_loss"}, "algorithm": "grid",
                 "run": {"datasetId": "%s", "modelId": "%s", "target": "target", "hyperparameters": {"epochs": 1}},
                 "space": {"hyperparameters.batchSize": {"choice": [16]}}}""".formatted(dataset, model));
        assertThat(study.status()).as(study.body()).isEqualTo(202);
        await().atMost(Duration.ofMinutes(1)).until(() -> owner.get("/api/v1/studies/" + study.id()).json()
                .get("status").asString().equals("COMPLETED"));
        return new Owned(owner, stranger, dataset, images.id(), model, run, job.id(), webhook.id(), study.id());
    }

    /** How to call each operation that names a resource: its path values and its request, per operation id. */
    private static Map<String, Function<Owned, Request>> requests() {
        String row = "{\"rows\": [{\"sepal_length_cm\": 5.1, \"sepal_width_cm\": 3.5, \"petal_length_cm\": 1.4, "
                + "\"petal_width_cm\": 0.2}]}";
        return Map.ofEntries(
                Map.entry("getRun", o -> Request.of(Map.of("id", o.run()))),
                Map.entry("updateRun", o -> Request.json(Map.of("id", o.run()), "{\"tags\": {\"team\": \"a\"}}")),
                Map.entry("getRunMetrics", o -> Request.of(Map.of("id", o.run()))),
                Map.entry("getRunMetricsCsv", o -> Request.of(Map.of("id", o.run()))),
                Map.entry("getRunEvaluation", o -> Request.of(Map.of("id", o.run()))),
                Map.entry("streamRunEvents", o -> Request.of(Map.of("id", o.run()))),
                Map.entry("getRunLogs", o -> Request.of(Map.of("id", o.run()))),
                Map.entry("listRunCheckpoints", o -> Request.of(Map.of("id", o.run()))),
                Map.entry("downloadModel", o -> Request.of(Map.of("id", o.run()))),
                Map.entry("cancelRun", o -> Request.of(Map.of("id", o.run()))),
                Map.entry("predictRows", o -> Request.json(Map.of("id", o.run()), row)),
                Map.entry("recommend", o -> Request.json(Map.of("id", o.run()), "{\"user\": \"42\"}")),
                Map.entry("similarItems", o -> Request.json(Map.of("id", o.run()), "{\"item\": \"50\"}")),
                Map.entry("predictImages", o -> Request.multipart(Map.of("id", o.run()), "image",
                        TestImages.gray(8, 8, 3, "png"))),
                Map.entry("compressRun", o -> Request.json(Map.of("id", o.run()),
                        "{\"quantize\": {\"weights\": \"int8\"}}")),
                Map.entry("evaluateRun", o -> Request.json(Map.of("id", o.run()),
                        "{\"datasetId\": \"" + o.dataset() + "\"}")),
                Map.entry("scoreDataset", o -> Request.json(Map.of("id", o.run()),
                        "{\"datasetId\": \"" + o.dataset() + "\"}")),
                Map.entry("getPredictionJob", o -> Request.of(Map.of("id", o.run(), "job", o.job()))),
                Map.entry("getPredictionResult", o -> Request.of(Map.of("id", o.run(), "job", o.job()))),
                Map.entry("getModel", o -> Request.of(Map.of("id", o.model()))),
                Map.entry("checkModel", o -> Request.of(Map.of("id", o.model()))),
                Map.entry("exportKerasModel", o -> Request.of(Map.of("id", o.model()))),
                Map.entry("deleteModel", o -> Request.of(Map.of("id", o.model()))),
                Map.entry("getDataset", o -> Request.of(Map.of("id", o.dataset()))),
                Map.entry("previewDataset", o -> Request.of(Map.of("id", o.dataset()))),
                Map.entry("getDatasetImage", o -> Request.of(Map.of("id", o.images(), "index", "0"))),
                Map.entry("deleteDataset", o -> Request.of(Map.of("id", o.dataset()))),
                Map.entry("getWebhook", o -> Request.of(Map.of("id", o.webhook()))),
                Map.entry("listWebhookDeliveries", o -> Request.of(Map.of("id", o.webhook()))),
                Map.entry("testWebhook", o -> Request.of(Map.of("id", o.webhook()))),
                Map.entry("deleteWebhook", o -> Request.of(Map.of("id", o.webhook()))),
                Map.entry("getStudy", o -> Request.of(Map.of("id", o.study()))),
                Map.entry("listStudyTrials", o -> Request.of(Map.of("id", o.study()))),
                Map.entry("getStudyTrialsCsv", o -> Request.of(Map.of("id", o.study()))),
                Map.entry("cancelStudy", o -> Request.of(Map.of("id", o.study()))),
                Map.entry("retrainBestTrial", o -> Request.of(Map.of("id", o.study()))),
                Map.entry("deleteStudy", o -> Request.of(Map.of("id", o.study()))),
                Map.entry("explainRows", o -> Request.json(Map.of("id", o.run()), row)),
                Map.entry("explainImages", o -> Request.multipart(Map.of("id", o.run()), "image",
                        TestImages.gray(8, 8, 3, "png"))),
                Map.entry("computeImportance", o -> Request.json(Map.of("id", o.run()),
                        "{\"datasetId\": \"" + o.dataset() + "\"}")),
                Map.entry("getImportance", o -> {
                    importanceJob(o);
                    return Request.of(Map.of("id", o.run()));
                }),
                Map.entry("getImportanceJob", o -> Request.of(Map.of("id", o.run(), "job", importanceJob(o)))),
                Map.entry("deleteRun", o -> Request.of(Map.of("id", o.run()))));
    }

    /** The owner's importance job on the run (the same request answers the same job). */
    private static String importanceJob(Owned o) {
        return o.owner().postJson("/api/v1/runs/" + o.run() + "/importance", Map.of("datasetId", o.dataset())).json()
                .get("id").asString();
    }

    /** A request to an operation: path values, and a body with its content type (or none). */
    record Request(Map<String, String> path, String contentType, String body, String part, byte[] file) {
        static Request of(Map<String, String> path) {
            return new Request(path, null, null, null, null);
        }

        static Request json(Map<String, String> path, String body) {
            return new Request(path, "application/json", body, null, null);
        }

        static Request multipart(Map<String, String> path, String part, byte[] file) {
            return new Request(path, null, null, part, file);
        }

        KilnHttp.Answer send(KilnHttp client, ApiOperations.Operation operation) {
            String path = operation.path(this.path);
            if (file != null) {
                return client.multipart(path, List.of(new KilnHttp.Part(part, "x.png", file)), Map.of());
            }
            return client.call(operation.method(), path, contentType == null ? Map.of()
                    : Map.of("Content-Type", contentType), body);
        }
    }

    /** Operations on a project's resources: those with a path parameter, outside the admin-only paths. */
    private static boolean projectScoped(ApiOperations.Operation operation) {
        return operation.path().contains("{") && !operation.path().startsWith("/api/v1/projects")
                && !operation.path().startsWith("/api/v1/keys") && !operation.path().startsWith("/api/v1/audit");
    }

    @TestFactory
    default Stream<DynamicTest> anotherProjectsResourcesAnswer404OnEveryEndpoint() {
        Owned owned = owned();
        var recipes = requests();
        List<ApiOperations.Operation> operations = new ArrayList<>(ApiOperations.of(http()).stream()
                .filter(TenancyContract::projectScoped).toList());
        operations.sort(Comparator.comparing(o -> o.method().equals("DELETE")));
        assertThat(operations).extracting(ApiOperations.Operation::id)
                .as("every operation on a project's resource has a request in this matrix")
                .allMatch(recipes::containsKey);
        assertThat(operations).hasSizeGreaterThanOrEqualTo(recipes.size());
        return operations.stream().map(operation -> DynamicTest.dynamicTest(operation.toString(), () -> {
            Request request = recipes.get(operation.id()).apply(owned);
            KilnHttp.Answer stranger = request.send(owned.stranger(), operation);
            assertThat(stranger.status()).as(stranger.body()).isEqualTo(404);
            assertThat(stranger.contentType()).startsWith("application/problem+json");
            assertThat(stranger.body()).doesNotContain("project");

            KilnHttp.Answer owner = request.send(owned.owner(), operation);
            assertThat(owner.status()).as(owner.body()).isNotIn(401, 403, 404);
        }));
    }

    @Test
    default void listsAndFiltersShowOnlyTheCallersProject() {
        Owned owned = owned();
        assertThat(owned.stranger().get("/api/v1/studies?size=100").body()).doesNotContain(owned.study());
        assertThat(owned.owner().get("/api/v1/studies?size=100").body()).contains(owned.study());
        for (String list : List.of("/api/v1/datasets", "/api/v1/models", "/api/v1/runs",
                "/api/v1/runs?datasetId=" + owned.dataset(), "/api/v1/runs?modelId=" + owned.model())) {
            String strangers = owned.stranger().get(list + (list.contains("?") ? "&" : "?") + "size=100").body();
            assertThat(strangers).as(list).doesNotContain(owned.dataset()).doesNotContain(owned.model())
                    .doesNotContain(owned.run());
            assertThat(owned.owner().get(list).body()).as(list).containsAnyOf(owned.dataset(), owned.model(),
                    owned.run());
        }
        JsonNode all = http().get("/api/v1/runs?size=100").json().get("content");
        assertThat(all.valueStream().map(r -> r.get("id").asString())).as("an admin key sees every project")
                .contains(owned.run());
    }

    @Test
    default void idsOfAnotherProjectInABodyAreNoSuchResources() {
        Owned owned = owned();
        KilnHttp stranger = owned.stranger();
        String own = stranger.uploadId(TRAIN);
        String ownModel = stranger.createModel(BadInputContract.GOOD_MODEL);
        Function<String, String> run = body -> "{\"target\": \"target\", " + body + "}";

        assertNoSuch(stranger.postJson("/api/v1/runs", run.apply("\"datasetId\": \"" + owned.dataset()
                + "\", \"modelId\": \"" + ownModel + "\"")), "datasetId");
        assertNoSuch(stranger.postJson("/api/v1/runs", run.apply("\"datasetId\": \"" + own
                + "\", \"modelId\": \"" + owned.model() + "\"")), "modelId");
        assertNoSuch(stranger.postJson("/api/v1/runs", run.apply("\"datasetId\": \"" + own + "\", \"modelId\": \""
                + ownModel + "\", \"testDatasetId\": \"" + owned.dataset() + "\"")), "testDatasetId");
        assertNoSuch(stranger.postJson("/api/v1/runs", run.apply("\"datasetId\": \"" + own + "\", \"modelId\": \""
                + ownModel + "\", \"initFrom\": {\"runId\": \"" + owned.run() + "\"}")), "initFrom.runId");
    }

    private static void assertNoSuch(KilnHttp.Answer answer, String field) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(422);
        assertThat(answer.json().get("errors")).anySatisfy(error -> {
            assertThat(error.get("field").asString()).isEqualTo(field);
            assertThat(error.get("message").asString()).startsWith("no ");
        });
    }
}
