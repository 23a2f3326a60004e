package dev.kiln.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kiln.support.KilnHttp;
import dev.kiln.support.WebhookReceiver;
import dev.kiln.support.WorkerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A study outlives the process that runs it: Kiln on its H2 file in a process of its own is killed (SIGKILL) while a
 * trial trains, started again on the same files, and the study carries on — the trial resumes from its checkpoint,
 * no trial is lost, the study completes and its webhook is told.
 */
class StudyRestartOnH2Test {
    private static final String SECRET = "study-restart-secret-0123";
    private static final List<String> SETTINGS = List.of("kiln.webhooks.allow-private-targets=true",
            "db-scheduler.polling-interval=500ms", "kiln.studies.sweep-interval=1s", "kiln.training.heartbeat=500ms",
            "kiln.training.missed-heartbeats=4");

    @TempDir
    Path files;

    private KilnHttp client(WorkerProcess kiln) throws Exception {
        return new KilnHttp(kiln.port()).withKey(Files.readString(files.resolve("admin.key")).strip());
    }

    @Test
    void aStudyKilledMidTrialCarriesOnAfterARestartAndCompletes() throws Exception {
        try (var receiver = new WebhookReceiver(0)) {
            String study;
            String victim;
            try (WorkerProcess first = WorkerProcess.start("first", files, SETTINGS).awaitReady()) {
                KilnHttp http = client(first);
                assertThat(http.postJson("/api/v1/webhooks", Map.of("url", receiver.url(), "events",
                        List.of("study.completed"), "secret", SECRET)).status()).isEqualTo(201);
                String data = http.uploadId("breast_cancer_train.csv");
                String model = http.createModel("""
                        {"name": "m", "layers": [{"type": "dense", "units": 32, "activation": "relu"},
                                                 {"type": "dense", "units": 1, "activation": "sigmoid"}]}""");
                KilnHttp.Answer created = http.postJson("/api/v1/studies", """
                        {"name": "restart", "objective": {"metric": "val_loss"}, "algorithm": "random",
                         "maxTrials": 4, "parallelism": 2, "seed": 9,
                         "run": {"datasetId": "%s", "modelId": "%s", "target": "target",
                                 "hyperparameters": {"epochs": 30, "batchSize": 4, "validationSplit": 0.2}},
                         "space": {"hyperparameters.optimizer.learningRate": {"logUniform": [0.0005, 0.01]}}}"""
                        .formatted(data, model));
                assertThat(created.status()).as(created.body()).isEqualTo(202);
                study = created.id();
                String[] running = new String[1];
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).until(() -> {
                    for (JsonNode trial : http.get("/api/v1/studies/" + study).json().get("trials")) {
                        JsonNode run = http.get("/api/v1/runs/" + trial.get("runId").asString()).json();
                        if (run.get("status").asString().equals("RUNNING")
                                && run.get("progress").get("epoch").asInt() >= 2) {
                            running[0] = run.get("id").asString();
                            return true;
                        }
                    }
                    return false;
                });
                victim = running[0];
                first.kill();
            }

            try (WorkerProcess second = WorkerProcess.start("second", files, SETTINGS).awaitReady()) {
                KilnHttp http = client(second);
                JsonNode[] last = new JsonNode[1];
                await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(300)).until(() -> {
                    last[0] = http.get("/api/v1/studies/" + study).json();
                    return Set.of("COMPLETED", "FAILED", "CANCELLED").contains(last[0].get("status").asString());
                });
                JsonNode done = last[0];
                assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("COMPLETED");
                assertThat(done.get("trials")).hasSize(4).allSatisfy(t -> assertThat(t.get("state").asString())
                        .isEqualTo("SUCCEEDED"));
                JsonNode resumed = http.get("/api/v1/runs/" + victim).json();
                assertThat(resumed.get("history").findValues("reason").stream().map(JsonNode::asString))
                        .anyMatch(r -> r.contains("resumed"));
                JsonNode epochs = http.get("/api/v1/runs/" + victim + "/metrics").json().get("epochs");
                assertThat(epochs).hasSize(30);
                await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received().size() == 1);
                WebhookReceiver.Received told = receiver.received().get(0);
                assertThat(told.event()).isEqualTo("study.completed");
                assertThat(WebhookReceiver.verifies(SECRET, told.signature(), told.body())).isTrue();
                JsonNode payload = KilnHttp.json(told.body());
                assertThat(payload.get("study").get("id").asString()).isEqualTo(study);
                assertThat(payload.get("study").get("status").asString()).isEqualTo("COMPLETED");
                assertThat(payload.get("study").get("bestTrial").get("runId").asString())
                        .isEqualTo(done.get("bestTrial").get("runId").asString());
            }
        }
    }
}
