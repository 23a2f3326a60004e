package dev.kiln.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kiln.api.BadInputContract;
import dev.kiln.support.KilnHttp;
import dev.kiln.support.WebhookReceiver;
import dev.kiln.support.WorkerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A webhook delivery outlives the process that queued it: Kiln on its H2 file in a process of its own, the receiver
 * failing its first two attempts; Kiln is stopped after the first and started again on the same files, and the
 * delivery goes on — the second attempt fails, the third arrives — with one delivery id and valid signatures.
 */
class WebhookRestartOnH2Test {
    private static final String SECRET = "restart-test-secret-0123";
    private static final List<String> SETTINGS = List.of("kiln.webhooks.allow-private-targets=true",
            "kiln.webhooks.initial-backoff=6s", "db-scheduler.polling-interval=500ms");

    @TempDir
    Path files;

    private KilnHttp client(WorkerProcess kiln) throws Exception {
        return new KilnHttp(kiln.port()).withKey(Files.readString(files.resolve("admin.key")).strip());
    }

    @Test
    void aDeliveryFailedBeforeARestartIsRetriedAfterItUntilItArrives() throws Exception {
        try (var receiver = new WebhookReceiver(2)) {
            String webhook;
            String run;
            try (WorkerProcess first = WorkerProcess.start("first", files, SETTINGS).awaitReady()) {
                KilnHttp http = client(first);
                KilnHttp.Answer registered = http.postJson("/api/v1/webhooks", Map.of("url", receiver.url(),
                        "events", List.of("run.succeeded"), "secret", SECRET));
                assertThat(registered.status()).as(registered.body()).isEqualTo(201);
                webhook = registered.id();
                String iris = http.uploadId("iris_train.csv");
                String model = http.createModel(BadInputContract.GOOD_MODEL);
                run = http.submitRun("""
                        {"datasetId": "%s", "modelId": "%s", "target": "target", "hyperparameters": {"epochs": 2}}"""
                        .formatted(iris, model));
                assertThat(http.awaitFinished(run).get("status").asString()).isEqualTo("SUCCEEDED");
                await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received().size() == 1);
                first.terminate(Duration.ofSeconds(30));
            }
            assertThat(receiver.received()).hasSize(1);

            try (WorkerProcess second = WorkerProcess.start("second", files, SETTINGS).awaitReady()) {
                KilnHttp http = client(second);
                await().atMost(Duration.ofMinutes(1)).until(() -> receiver.received().size() == 3);
                await().atMost(Duration.ofSeconds(10)).until(() -> http.get("/api/v1/webhooks/" + webhook
                        + "/deliveries").json().get("content").get(0).get("status").asString().equals("DELIVERED"));
                JsonNode delivery = http.get("/api/v1/webhooks/" + webhook + "/deliveries").json().get("content")
                        .get(0);
                assertThat(delivery.get("attemptLog")).extracting(a -> a.get("statusCode").asInt())
                        .containsExactly(500, 500, 204);
            }
            var received = receiver.received();
            assertThat(received).extracting(WebhookReceiver.Received::delivery).containsOnly(received.get(0)
                    .delivery());
            assertThat(received).allSatisfy(r -> {
                assertThat(r.event()).isEqualTo("run.succeeded");
                assertThat(r.body()).contains(run);
                assertThat(WebhookReceiver.verifies(SECRET, r.signature(), r.body())).isTrue();
            });
        }
    }
}
