package dev.kiln.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kiln.support.KilnHttp;
import dev.kiln.support.WebhookReceiver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Webhooks over real HTTP, delivered to a receiver on 127.0.0.1. Implemented once per database. */
public interface WebhooksContract {
    String SECRET = "a-test-secret-of-some-length";

    KilnHttp http();

    private String register(WebhookReceiver receiver, List<String> events) {
        KilnHttp.Answer answer = http().postJson("/api/v1/webhooks", Map.of("url", receiver.url(), "events", events,
                "secret", SECRET));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        assertThat(answer.json().has("secret") && !answer.json().get("secret").isNull()).as("a given secret is not "
                + "echoed").isFalse();
        return answer.id();
    }

    private String trainIris() {
        String iris = http().uploadId("iris_train.csv");
        String model = http().createModel(BadInputContract.GOOD_MODEL);
        return http().submitRun("""
                {"datasetId": "%s", "modelId": "%s", "target": "target", "hyperparameters": {"epochs": 2}}"""
                .formatted(iris, model));
    }

    @Test
    default void aSucceededRunIsDeliveredSignedWithTheRunAsGetRunsShowsIt() {
        try (var receiver = new WebhookReceiver(0)) {
            String webhook = register(receiver, List.of("run.succeeded", "run.failed"));
            String run = trainIris();
            http().awaitFinished(run);

            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received().stream()
                    .anyMatch(r -> r.body().contains(run)));
            var got = receiver.received().stream().filter(r -> r.body().contains(run)).toList();
            assertThat(got).hasSize(1);
            var delivery = got.get(0);
            assertThat(delivery.event()).isEqualTo("run.succeeded");
            assertThat(WebhookReceiver.verifies(SECRET, delivery.signature(), delivery.body())).isTrue();
            assertThat(WebhookReceiver.verifies("another-secret-entirely", delivery.signature(), delivery.body()))
                    .isFalse();
            JsonNode payload = KilnHttp.json(delivery.body());
            assertThat(payload.get("event").asString()).isEqualTo("run.succeeded");
            assertThat(payload.get("id").asString()).isEqualTo(delivery.delivery());
            assertThat(payload.get("run").get("id").asString()).isEqualTo(run);
            assertThat(payload.get("run").get("status").asString()).isEqualTo("SUCCEEDED");
            assertThat(payload.get("run").get("metrics")).isEqualTo(http().get("/api/v1/runs/" + run).json()
                    .get("metrics"));

            JsonNode deliveries = http().get("/api/v1/webhooks/" + webhook + "/deliveries").json().get("content");
            assertThat(deliveries).hasSize(1);
            assertThat(deliveries.get(0).get("status").asString()).isEqualTo("DELIVERED");
            assertThat(deliveries.get(0).get("attemptLog").get(0).get("statusCode").asInt()).isEqualTo(204);
        }
    }

    @Test
    default void aReceiverThatFailsTwiceGetsTheDeliveryOnTheThirdAttempt() {
        try (var receiver = new WebhookReceiver(2)) {
            String webhook = register(receiver, List.of("run.succeeded"));
            KilnHttp.Answer test = http().post("/api/v1/webhooks/" + webhook + "/test");
            assertThat(test.status()).as(test.body()).isEqualTo(202);

            await().atMost(Duration.ofSeconds(30)).until(() -> http().get("/api/v1/webhooks/" + webhook
                    + "/deliveries").json().get("content").get(0).get("status").asString().equals("DELIVERED"));
            JsonNode delivery = http().get("/api/v1/webhooks/" + webhook + "/deliveries").json().get("content").get(0);
            assertThat(delivery.get("event").asString()).isEqualTo("webhook.test");
            assertThat(delivery.get("attempts").asInt()).isEqualTo(3);
            assertThat(delivery.get("attemptLog")).extracting(a -> a.get("statusCode").asInt())
                    .containsExactly(500, 500, 204);
            assertThat(receiver.received()).hasSize(3).allSatisfy(r -> {
                assertThat(r.delivery()).isEqualTo(test.id());
                assertThat(WebhookReceiver.verifies(SECRET, r.signature(), r.body())).isTrue();
            });
        }
    }

    @Test
    default void aWebhookIsCheckedWhereItPointsAndWhatItSubscribesTo() {
        KilnHttp.Answer refused = http().postJson("/api/v1/webhooks", Map.of("url", "ftp://example.com/x",
                "events", List.of("run.succeeded", "run.exploded"), "secret", "short"));
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.body()).contains("\"url\"").contains("only http and https").contains("events[1]")
                .contains("run.exploded").contains("\"secret\"");
        assertThat(http().postJson("/api/v1/webhooks", Map.of("url", "https://example.com/x")).body())
                .contains("events");

        KilnHttp.Answer generated = http().postJson("/api/v1/webhooks", Map.of("url", "http://127.0.0.1:9/hook",
                "events", List.of("run.epoch")));
        assertThat(generated.status()).as(generated.body()).isEqualTo(201);
        assertThat(generated.json().get("secret").asString()).as("a generated secret, shown once").hasSize(64);
        JsonNode shown = http().get("/api/v1/webhooks/" + generated.id()).json();
        assertThat(shown.has("secret") && !shown.get("secret").isNull()).isFalse();
        assertThat(http().delete("/api/v1/webhooks/" + generated.id()).status()).isEqualTo(204);
        assertThat(http().get("/api/v1/webhooks/" + generated.id()).status()).isEqualTo(404);
    }
}
