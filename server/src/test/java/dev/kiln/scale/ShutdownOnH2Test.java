package dev.kiln.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kiln.api.BadInputContract;
import dev.kiln.support.KilnHttp;
import dev.kiln.support.WorkerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The README's promise on the default database, for real: Kiln on its embedded H2 file in a process of its own,
 * stopped with SIGTERM while it trains, checkpoints the run and puts it back in the queue before the database closes;
 * started again on the same files, it resumes the run at once — and a finished run whose model definition was deleted
 * still predicts after the restart, from the copy the run keeps.
 */
class ShutdownOnH2Test {
    private static final List<String> SETTINGS = List.of("kiln.training.shutdown-grace=20s",
            "kiln.training.heartbeat=10s", "kiln.training.missed-heartbeats=6", "db-scheduler.polling-interval=500ms");
    private static final String ROW = """
            {"rows": [{"sepal_length_cm": 6.3, "sepal_width_cm": 2.8, "petal_length_cm": 5.1, "petal_width_cm": 1.5}]}""";

    @TempDir
    Path files;

    private KilnHttp client(WorkerProcess kiln) throws Exception {
        return new KilnHttp(kiln.port()).withKey(Files.readString(files.resolve("admin.key")).strip());
    }

    @Test
    void sigtermCheckpointsTheRunBackIntoTheQueueAndARestartResumesItAtOnce() throws Exception {
        String slow;
        String finished;
        JsonNode prediction;
        try (WorkerProcess first = WorkerProcess.start("first", files, SETTINGS).awaitReady()) {
            KilnHttp http = client(first);
            String iris = http.uploadId("iris_train.csv");
            String irisModel = http.createModel(BadInputContract.GOOD_MODEL);
            finished = http.submitRun("""
                    {"datasetId": "%s", "modelId": "%s", "target": "target", "hyperparameters": {"epochs": 3}}"""
                    .formatted(iris, irisModel));
            assertThat(http.awaitFinished(finished).get("status").asString()).isEqualTo("SUCCEEDED");
            prediction = http.postJson("/api/v1/runs/" + finished + "/predict", ROW).json().get("predictions");
            assertThat(http.delete("/api/v1/models/" + irisModel).status()).isEqualTo(204);

            var upload = http.upload("synthetic.csv", SyntheticData.csv(24_000, 1), Map.of());
            assertThat(upload.status()).as(upload.body()).isEqualTo(201);
            String model = http.createModel("""
                    {"name": "slow", "layers": [{"type": "dense", "units": 256, "activation": "relu"},
                     {"type": "dense", "units": 256, "activation": "relu"},
                     {"type": "dense", "units": 1, "activation": "sigmoid"}]}""");
            slow = http.submitRun("""
                    {"datasetId": "%s", "modelId": "%s", "target": "label",
                     "hyperparameters": {"epochs": 400, "batchSize": 8, "seed": 5}}""".formatted(upload.id(), model));
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() ->
                    http.get("/api/v1/runs/" + slow).json().get("progress").get("epoch").asInt() >= 1);

            Duration exit = first.terminate(Duration.ofSeconds(40));

            assertThat(exit).as("exits within the shutdown grace").isLessThan(Duration.ofSeconds(25));
            assertThat(first.log()).doesNotContain("Database is already closed").contains("is stopping");
        }

        Instant restarted = Instant.now();
        try (WorkerProcess second = WorkerProcess.start("second", files, SETTINGS).awaitReady()) {
            KilnHttp http = client(second);
            JsonNode stopped = http.get("/api/v1/runs/" + slow).json();
            JsonNode requeued = stopped.get("history").get(2);
            assertThat(requeued.get("status").asString()).isEqualTo("QUEUED");
            assertThat(requeued.get("reason").asString()).contains("first is stopping; back in the queue")
                    .contains("continues from the checkpoint after epoch");

            JsonNode resumed = http.awaitRun(slow, Duration.ofSeconds(30), "RUNNING");
            assertThat(Duration.between(restarted, Instant.now())).as("resumed at once, not after a lost heartbeat")
                    .isLessThan(Duration.ofSeconds(45));
            assertThat(resumed.get("history").get(3).get("reason").asString()).contains("second");
            assertThat(http.post("/api/v1/runs/" + slow + "/cancel").status()).isEqualTo(202);
            assertThat(http.awaitFinished(slow).get("status").asString()).isEqualTo("CANCELLED");

            var again = http.postJson("/api/v1/runs/" + finished + "/predict", ROW);
            assertThat(again.status()).as(again.body()).isEqualTo(200);
            assertThat(again.json().get("predictions")).isEqualTo(prediction);
            assertThat(http.get("/api/v1/runs/" + finished + "/model").status()).isEqualTo(200);
        }
    }
}
