package dev.kiln.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.support.OnS3;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import static org.awaitility.Awaitility.await;

/**
 * With the S3 store, every blob of a dataset, a run and its model lives in the bucket — none in the local directory,
 * which keeps only the H2 database and the admin key — and deleting a dataset removes its objects.
 */
class S3StorageTest extends OnS3 {

    @Test
    void anUploadARunAndItsModelLiveInTheBucketAndNotOnLocalDisk() throws Exception {
        String data = http.uploadId("iris_train.csv");
        String model = http.createModel(BadInputContract.GOOD_MODEL);
        String run = http.submitRun("""
                {"datasetId": "%s", "modelId": "%s", "target": "target", "hyperparameters": {"epochs": 3, "seed": 1}}"""
                .formatted(data, model));
        assertThat(http.awaitFinished(run).get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(http.postJson("/api/v1/runs/" + run + "/predict", """
                {"rows": [{"sepal_length_cm": 5.1, "sepal_width_cm": 3.5, "petal_length_cm": 1.4,
                           "petal_width_cm": 0.2}]}""").status()).isEqualTo(200);
        assertThat(http.bytes("/api/v1/runs/" + run + "/model")).isNotEmpty();

        assertThat(s3().keys("kiln/datasets/" + data + "/")).isNotEmpty();
        assertThat(s3().keys("kiln/runs/" + run + "/")).anyMatch(k -> k.endsWith("model.ckpt"))
                .anyMatch(k -> k.contains("/checkpoints/"));
        List<String> local;
        try (Stream<Path> files = Files.walk(storageRoot())) {
            local = files.filter(Files::isRegularFile).map(p -> storageRoot().relativize(p).toString()).toList();
        }
        assertThat(local).as("the local directory holds the database, the admin key and the bounded cache only")
                .allMatch(p -> p.startsWith("db/") || p.equals("admin.key") || p.startsWith("cache/"));
        assertThat(local).as("the run's table and checkpoints were read through the cache").anyMatch(p -> p.startsWith(
                "cache/"));

        assertThat(http.get("/api/v1/runs/" + run).status()).isEqualTo(200);
        String other = http.uploadId("iris_test.csv");
        assertThat(s3().keys("kiln/datasets/" + other + "/")).isNotEmpty();
        assertThat(http.delete("/api/v1/datasets/" + other).status()).isEqualTo(204);
        assertThat(s3().keys("kiln/datasets/" + other + "/")).as("a deleted dataset's objects").isEmpty();
    }

    @Test
    void aFinishedRunKeepsItsLatestAndItsBestCheckpointAndNoOther() {
        String data = http.uploadId("iris_train.csv");
        String model = http.createModel(BadInputContract.GOOD_MODEL);
        String run = http.submitRun("""
                {"datasetId": "%s", "modelId": "%s", "target": "target", "hyperparameters": {"epochs": 40,
                 "seed": 1, "optimizer": {"type": "adam", "learningRate": 0.05},
                 "earlyStopping": {"monitor": "val_loss", "patience": 3}}}""".formatted(data, model));
        assertThat(http.awaitFinished(run).get("status").asString()).isEqualTo("SUCCEEDED");

        var checkpoints = http.get("/api/v1/runs/" + run + "/checkpoints").json().get("checkpoints");
        java.util.Set<String> expected = new java.util.TreeSet<>();
        for (var checkpoint : checkpoints) {
            if (!checkpoint.get("kind").asString().equals("model")) {
                expected.add("kiln/runs/" + run + "/checkpoints/" + checkpoint.get("epoch").asInt() + "-0.ckpt");
            }
        }

        assertThat(expected).as("the latest and the best epoch's checkpoints (one when they are the same)")
                .hasSizeBetween(1, 2);
        assertThat(s3().keys("kiln/runs/" + run + "/checkpoints/")).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void theLivenessAndReadinessGroupsAnswerWithoutAKey() {
        assertThat(anonymous().get("/actuator/health/liveness").status()).isEqualTo(200);
        var readiness = anonymous().get("/actuator/health/readiness");
        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.json().get("status").asString()).isEqualTo("UP");
    }

    @Test
    void deletingARunOrAStudyRemovesItsObjectsAndTheSweepFindsWhatNoRowReferences() throws Exception {
        String data = http.uploadId("iris_train.csv");
        String model = http.createModel(BadInputContract.GOOD_MODEL);
        String run = http.submitRun("""
                {"datasetId": "%s", "modelId": "%s", "target": "target", "hyperparameters": {"epochs": 2, "seed": 1}}"""
                .formatted(data, model));
        assertThat(http.awaitFinished(run).get("status").asString()).isEqualTo("SUCCEEDED");
        int before = s3().keys("kiln/runs/" + run + "/").size();

        assertThat(http.delete("/api/v1/runs/" + run).status()).isEqualTo(204);

        assertThat(s3().keys("kiln/runs/" + run + "/")).as("objects of the deleted run (%d before)", before).isEmpty();
        assertThat(http.get("/api/v1/runs/" + run).status()).isEqualTo(404);
        System.out.printf("GC: run %s had %d objects; after DELETE /runs: 0%n", run, before);

        String study = http.postJson("/api/v1/studies", """
                {"name": "gc", "objective": {"metric": "val_loss"}, "algorithm": "grid",
                 "run": {"datasetId": "%s", "modelId": "%s", "target": "target", "hyperparameters": {"epochs": 1}},
                 "space": {"model.layers[0].units": {"choice": [4, 8]}}}""".formatted(data, model)).id();
        await().atMost(java.time.Duration.ofMinutes(1)).until(() -> http.get("/api/v1/studies/" + study).json()
                .get("status").asString().equals("COMPLETED"));
        List<String> trialRuns = new java.util.ArrayList<>();
        http.get("/api/v1/studies/" + study).json().get("trials").forEach(t -> trialRuns.add(t.get("runId").asString()));
        assertThat(http.delete("/api/v1/runs/" + trialRuns.get(0)).status()).as("a trial goes with its study")
                .isEqualTo(409);

        assertThat(http.delete("/api/v1/studies/" + study).status()).isEqualTo(204);

        assertThat(http.get("/api/v1/studies/" + study).status()).isEqualTo(404);
        for (String trial : trialRuns) {
            assertThat(http.get("/api/v1/runs/" + trial).status()).isEqualTo(404);
            assertThat(s3().keys("kiln/runs/" + trial + "/")).isEmpty();
        }

        String lostRun = java.util.UUID.randomUUID().toString();
        String lostData = java.util.UUID.randomUUID().toString();
        for (String key : List.of("kiln/runs/" + lostRun + "/checkpoints/1-0.ckpt", "kiln/runs/" + lostRun
                + "/model.ckpt", "kiln/datasets/" + lostData + "/table.bin")) {
            s3().client().putObject(p -> p.bucket(s3().bucket()).key(key),
                    software.amazon.awssdk.core.sync.RequestBody.fromString("lost"));
        }
        int live = s3().keys("kiln/datasets/" + data + "/").size();

        var dry = http.post("/api/v1/admin/storage/sweep?dryRun=true&minAge=PT0S");
        assertThat(dry.status()).as(dry.body()).isEqualTo(200);
        assertThat(dry.json().get("orphans")).extracting(o -> o.get("prefix").asString())
                .contains("runs/" + lostRun, "datasets/" + lostData).doesNotContain("datasets/" + data);
        assertThat(dry.json().get("objectsRemoved").asInt()).isZero();
        assertThat(s3().keys("kiln/runs/" + lostRun + "/")).hasSize(2);
        var kept = http.post("/api/v1/admin/storage/sweep?dryRun=false");
        assertThat(kept.json().get("orphans")).as("younger than an hour: left alone").isEmpty();

        var swept = http.post("/api/v1/admin/storage/sweep?dryRun=false&minAge=PT0S");

        assertThat(swept.json().get("objectsRemoved").asInt()).isGreaterThanOrEqualTo(3);
        assertThat(s3().keys("kiln/runs/" + lostRun + "/")).isEmpty();
        assertThat(s3().keys("kiln/datasets/" + lostData + "/")).isEmpty();
        assertThat(s3().keys("kiln/datasets/" + data + "/")).as("a live dataset's objects").hasSize(live);
        assertThat(http.post("/api/v1/admin/storage/sweep?minAge=soon").status()).isEqualTo(400);
        System.out.printf("GC: the sweep found %s and removed %d objects%n", dry.json().get("orphans"),
                swept.json().get("objectsRemoved").asInt());
    }
}
