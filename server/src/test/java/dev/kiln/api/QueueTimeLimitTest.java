package dev.kiln.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.support.KilnServer;
import java.nio.file.Path;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** On an instance that queues but never trains, a run waits at most {@code kiln.training.max-queue-time}. */
@TestPropertySource(properties = {"kiln.worker.enabled=false", "kiln.training.max-queue-time=PT1S",
        "kiln.training.queue-time-check-interval=200ms"})
@DirtiesContext
class QueueTimeLimitTest extends KilnServer {
    private static final Path FILES = temporaryDirectory("kiln-queue-time-");

    /** A database of its own: no worker of another test context may take the run. */
    @DynamicPropertySource
    static void files(DynamicPropertyRegistry registry) {
        registry.add("kiln.storage.root", FILES::toString);
    }

    @Test
    void failsARunQueuedLongerThanTheLimitWithTheReason() {
        String dataset = http.uploadId("iris_train.csv");
        String model = http.createModel("""
                {"name": "m", "layers": [{"type": "dense", "units": 3}]}""");
        String run = http.submitRun("""
                {"datasetId": "%s", "modelId": "%s", "target": "target"}""".formatted(dataset, model));

        JsonNode failed = http.awaitRun(run, Duration.ofSeconds(20), "FAILED");

        assertThat(failed.get("startedAt").isNull()).isTrue();
        assertThat(failed.get("error").asString()).contains("still queued after PT1S");
        assertThat(http.get("/actuator/info").json().get("kiln").get("worker").asBoolean()).isFalse();
    }
}
