package dev.kiln.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.support.OnS3;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

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
        assertThat(local).as("the local directory holds the database and the admin key only")
                .allMatch(p -> p.startsWith("db/") || p.equals("admin.key"));

        assertThat(http.get("/api/v1/runs/" + run).status()).isEqualTo(200);
        String other = http.uploadId("iris_test.csv");
        assertThat(s3().keys("kiln/datasets/" + other + "/")).isNotEmpty();
        assertThat(http.delete("/api/v1/datasets/" + other).status()).isEqualTo(204);
        assertThat(s3().keys("kiln/datasets/" + other + "/")).as("a deleted dataset's objects").isEmpty();
    }

    @Test
    void theLivenessAndReadinessGroupsAnswerWithoutAKey() {
        assertThat(anonymous().get("/actuator/health/liveness").status()).isEqualTo(200);
        var readiness = anonymous().get("/actuator/health/readiness");
        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.json().get("status").asString()).isEqualTo("UP");
    }
}
