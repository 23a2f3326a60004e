package dev.kiln.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kiln.support.KilnHttp;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Cancelling, querying and deleting around runs, over real HTTP. Implemented once per database. */
public interface RunLifecycleContract {
    String MODEL = """
            {"name": "slow", "layers": [{"type": "dense", "units": 32, "activation": "relu"},
                                        {"type": "dense", "units": 1, "activation": "sigmoid"}]}""";

    KilnHttp http();

    private String longRun(String dataset, String model) {
        return http().submitRun("""
                {"datasetId": "%s", "modelId": "%s", "target": "target",
                 "hyperparameters": {"epochs": 5000, "batchSize": 8, "seed": 7}}""".formatted(dataset, model));
    }

    @Test
    default void cancelsARunningRunWithinSecondsAndKeepsItsFinishedEpochs() {
        String dataset = http().uploadId("breast_cancer_train.csv");
        String model = http().createModel(MODEL);
        String running = longRun(dataset, model);
        String queued = longRun(dataset, model);
        await().atMost(Duration.ofMinutes(1)).until(() ->
                http().get("/api/v1/runs/" + running).json().get("progress").get("epoch").asInt() >= 3);

        assertThat(http().get("/api/v1/runs/" + queued).json().get("status").asString()).isEqualTo("QUEUED");
        assertThat(http().delete("/api/v1/datasets/" + dataset).status()).isEqualTo(409);
        assertThat(http().delete("/api/v1/models/" + model).status()).isEqualTo(409);

        KilnHttp.Answer cancelQueued = http().post("/api/v1/runs/" + queued + "/cancel");
        assertThat(cancelQueued.status()).isEqualTo(202);
        assertThat(cancelQueued.json().get("status").asString()).isEqualTo("CANCELLED");

        KilnHttp.Answer cancel = http().post("/api/v1/runs/" + running + "/cancel");
        assertThat(cancel.status()).isEqualTo(202);
        JsonNode cancelled = http().awaitRun(running, Duration.ofSeconds(5), "CANCELLED");
        int epochs = cancelled.get("progress").get("epoch").asInt();
        assertThat(epochs).isGreaterThanOrEqualTo(3).isLessThan(5000);
        assertThat(http().get("/api/v1/runs/" + running + "/metrics").json().get("epochs")).hasSize(epochs);
        assertThat(cancelled.get("history")).extracting(h -> h.get("status").asString())
                .containsExactly("QUEUED", "RUNNING", "CANCELLED");

        assertThat(http().post("/api/v1/runs/" + running + "/cancel").status()).isEqualTo(409);
        assertThat(http().awaitFinished(queued).get("startedAt").isNull()).isTrue();
        assertThat(http().delete("/api/v1/models/" + model).status()).isEqualTo(204);
        assertThat(http().delete("/api/v1/datasets/" + dataset).status()).isEqualTo(204);
        assertThat(http().get("/api/v1/datasets/" + dataset).status()).isEqualTo(404);
        assertThat(http().get("/api/v1/runs/" + running).json().get("datasetId").asString()).isEqualTo(dataset);
    }

    @Test
    default void startsQueuedRunsHighestPriorityFirstThenOldest() {
        String dataset = http().uploadId("breast_cancer_train.csv");
        String model = http().createModel(MODEL);
        String blocker = longRun(dataset, model);
        http().awaitRun(blocker, Duration.ofMinutes(1), "RUNNING");
        List<String> queued = new java.util.ArrayList<>();
        for (int priority : new int[] {1, 9, 5, 9}) {
            queued.add(http().submitRun("""
                    {"datasetId": "%s", "modelId": "%s", "target": "target", "priority": %d,
                     "hyperparameters": {"epochs": 1, "seed": 1}}""".formatted(dataset, model, priority)));
        }

        http().post("/api/v1/runs/" + blocker + "/cancel");
        List<java.time.Instant> started = queued.stream()
                .map(id -> java.time.Instant.parse(http().awaitFinished(id).get("startedAt").asString())).toList();

        // priorities 1, 9, 5, 9 (the second 9 submitted last): 9 first, then the later 9, then 5, then 1
        assertThat(started.get(1)).isBefore(started.get(3));
        assertThat(started.get(3)).isBefore(started.get(2));
        assertThat(started.get(2)).isBefore(started.get(0));
    }

    @Test
    default void endsARunFailedWhenItsMaxRuntimeRunsOutAndKeepsItsEpochs() {
        String dataset = http().uploadId("breast_cancer_train.csv");
        String model = http().createModel(MODEL);
        String run = http().submitRun("""
                {"datasetId": "%s", "modelId": "%s", "target": "target",
                 "hyperparameters": {"epochs": 5000, "batchSize": 8, "seed": 7, "maxRuntime": "PT2S"}}"""
                .formatted(dataset, model));

        JsonNode failed = http().awaitRun(run, Duration.ofMinutes(1), "FAILED", "SUCCEEDED", "CANCELLED");

        assertThat(failed.get("status").asString()).isEqualTo("FAILED");
        assertThat(failed.get("error").asString()).contains("max runtime exceeded").contains("PT2S");
        int epochs = failed.get("progress").get("epoch").asInt();
        assertThat(epochs).isPositive();
        assertThat(http().get("/api/v1/runs/" + run + "/metrics").json().get("epochs")).hasSize(epochs);
    }

    @Test
    default void listsRunsNewestFirstFilteredAndServesMetricsAsJsonAndCsv() {
        String dataset = http().uploadId("iris_train.csv");
        String model = http().createModel("""
                {"name": "tiny", "layers": [{"type": "dense", "units": 3}]}""");
        String first = http().submitRun("""
                {"datasetId": "%s", "modelId": "%s", "target": "target",
                 "hyperparameters": {"epochs": 3, "seed": 3}}""".formatted(dataset, model));
        String second = http().submitRun("""
                {"datasetId": "%s", "modelId": "%s", "target": "target",
                 "hyperparameters": {"epochs": 2, "seed": 4}}""".formatted(dataset, model));
        http().awaitFinished(first);
        http().awaitFinished(second);

        JsonNode page = http().get("/api/v1/runs?datasetId=" + dataset + "&status=SUCCEEDED&size=1").json();
        assertThat(page.get("content")).hasSize(1);
        assertThat(page.get("content").get(0).get("id").asString()).isEqualTo(second);
        assertThat(page.get("page").get("totalElements").asInt()).isEqualTo(2);

        JsonNode metrics = http().get("/api/v1/runs/" + first + "/metrics").json();
        assertThat(metrics.get("runId").asString()).isEqualTo(first);
        JsonNode epoch = metrics.get("epochs").get(0);
        assertThat(epoch.get("epoch").asInt()).isEqualTo(1);
        assertThat(epoch.get("samplesPerSecond").asDouble()).isPositive();
        assertThat(epoch.get("metrics").propertyNames())
                .containsExactly("loss", "accuracy", "val_loss", "val_accuracy", "lr", "weight_norm");

        KilnHttp.Answer csv = http().get("/api/v1/runs/" + first + "/metrics", "text/csv");
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.body().lines()).hasSize(4).first()
                .isEqualTo("epoch,durationMs,samplesPerSecond,loss,accuracy,val_loss,val_accuracy,lr,weight_norm");
    }

    @Test
    default void keepsDatasetsQueryableWithProfilesPreviewsAndPages() {
        String dataset = http().uploadId("breast-cancer-recurrence.csv");

        JsonNode detail = http().get("/api/v1/datasets/" + dataset).json();
        assertThat(detail.get("rows").asInt()).isEqualTo(286);
        assertThat(detail.get("sha256").asString()).hasSize(64);
        JsonNode nodeCaps = detail.get("columns").get(4);
        assertThat(nodeCaps.get("name").asString()).isEqualTo("node-caps");
        assertThat(nodeCaps.get("type").asString()).isEqualTo("categorical");
        assertThat(nodeCaps.get("missing").asInt()).isEqualTo(8);

        JsonNode preview = http().get("/api/v1/datasets/" + dataset + "/preview?limit=3").json();
        assertThat(preview.get("rows")).hasSize(3);
        assertThat(preview.get("rows").get(0).get("Class").asString()).isEqualTo("recurrence-events");
        assertThat(preview.get("rows").get(0).get("deg-malig").asInt()).isEqualTo(3);

        JsonNode page = http().get("/api/v1/datasets?size=1").json();
        assertThat(page.get("content").get(0).get("id").asString()).isEqualTo(dataset);
        assertThat(page.get("content").get(0).get("columns").asInt()).isEqualTo(10);
        assertThat(http().upload("breast-cancer-recurrence.csv").headers().firstValue("Location")).get()
                .asString().startsWith("/api/v1/datasets/");
    }

    @Test
    default void reportsTheEngineInHealthAndDescribesTheApi() {
        JsonNode health = http().get("/actuator/health").json();
        assertThat(health.get("status").asString()).isEqualTo("UP");
        assertThat(health.get("components").get("db").get("status").asString()).isEqualTo("UP");
        JsonNode djl = health.get("components").get("djl").get("details");
        assertThat(djl.get("engine").asString()).isEqualTo("PyTorch");
        assertThat(djl.get("version").asString()).isEqualTo("2.7.1");
        assertThat(djl.has("gpuCount")).isTrue();

        JsonNode hyperparameters = http().get("/api/v1/schema/hyperparameters").json().get("hyperparameters");
        assertThat(hyperparameters).anySatisfy(o -> {
            assertThat(o.get("name").asString()).isEqualTo("epochs");
            assertThat(o.get("type").asString()).isEqualTo("integer");
            assertThat(o.get("defaultValue").asString()).isEqualTo("10");
            assertThat(o.get("minimum").asDouble()).isEqualTo(1);
        });
        assertThat(hyperparameters).anySatisfy(o -> {
            assertThat(o.get("name").asString()).isEqualTo("earlyStopping");
            assertThat(o.get("options")).extracting(n -> n.get("name").asString()).contains("monitor",
                    "restoreBestWeights", "startFromEpoch");
        });
        JsonNode layers = http().get("/api/v1/schema/layers").json();
        assertThat(layers.get("layers")).extracting(l -> l.get("type").asString())
                .contains("dense", "dropout", "batchNorm", "activation", "flatten", "input", "add", "concatenate",
                        "embedding");
        JsonNode dense = layers.get("layers").valueStream().filter(l -> l.get("type").asString().equals("dense"))
                .findFirst().orElseThrow();
        assertThat(dense.get("options")).anySatisfy(o -> {
            assertThat(o.get("name").asString()).isEqualTo("kernelInitializer");
            assertThat(o.get("allowedValues")).extracting(JsonNode::asString).contains("glorotUniform", "heNormal");
        });
        assertThat(layers.get("activations")).extracting(JsonNode::asString).contains("relu", "leakyRelu");

        JsonNode api = http().get("/v3/api-docs").json();
        assertThat(api.get("paths").propertyNames()).contains("/api/v1/datasets", "/api/v1/models", "/api/v1/runs",
                "/api/v1/runs/{id}/metrics", "/api/v1/runs/{id}/cancel");
    }
}
