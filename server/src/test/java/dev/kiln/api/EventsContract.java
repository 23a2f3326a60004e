package dev.kiln.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.support.KilnHttp;
import dev.kiln.support.SseClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A run's live events (Server-Sent Events) and its log, over real HTTP. Implemented once per database. */
public interface EventsContract {
    KilnHttp http();

    private String run(int epochs, int batchSize) {
        String iris = http().uploadId("iris_train.csv");
        String model = http().createModel(BadInputContract.GOOD_MODEL);
        return http().submitRun("""
                {"datasetId": "%s", "modelId": "%s", "target": "target",
                 "hyperparameters": {"epochs": %d, "batchSize": %d, "seed": 3}}""".formatted(iris, model, epochs,
                batchSize));
    }

    @Test
    default void aFinishedRunReplaysEveryEventInOrderAndTheStreamCloses() throws InterruptedException {
        String run = run(3, 16);
        assertThat(http().awaitFinished(run).get("status").asString()).isEqualTo("SUCCEEDED");

        List<SseClient.Event> events;
        try (var stream = SseClient.open(http(), "/api/v1/runs/" + run + "/events", null)) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.contentType()).startsWith("text/event-stream");
            events = stream.untilClosed(Duration.ofSeconds(20));
        }

        assertThat(events).extracting(SseClient.Event::id)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, events.size()).mapToObj(String::valueOf).toList());
        assertThat(events).allSatisfy(e -> assertThat(e.json().get("runId").asString()).isEqualTo(run));
        assertThat(events.get(0).name()).isEqualTo("status");
        assertThat(events.get(0).json().get("status").asString()).isEqualTo("QUEUED");
        assertThat(events.get(events.size() - 1).name()).isEqualTo("end");
        assertThat(events.get(events.size() - 1).json().get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(events).filteredOn(e -> e.name().equals("status")).extracting(e -> e.json().get("status").asString())
                .containsExactly("QUEUED", "RUNNING", "SUCCEEDED");
        assertThat(events).filteredOn(e -> e.name().equals("checkpoint")).extracting(e -> e.json().get("kind")
                .asString()).contains("last", "model");
        JsonNode rows = http().get("/api/v1/runs/" + run + "/metrics").json().get("epochs");
        List<SseClient.Event> epochs = events.stream().filter(e -> e.name().equals("epoch")).toList();
        assertThat(epochs).hasSize(3);
        for (int i = 0; i < 3; i++) {
            JsonNode row = rows.get(i);
            JsonNode event = epochs.get(i).json();
            assertThat(event.get("epoch").asInt()).isEqualTo(i + 1);
            assertThat(event.get("durationMs").asLong()).isEqualTo(row.get("durationMs").asLong());
            assertThat(event.get("metrics")).as("the metrics row of epoch %d", i + 1).isEqualTo(row.get("metrics"));
        }
    }

    @Test
    default void aRunningRunsEpochsArriveLiveAndLastEventIdResumesWithoutGapsOrRepeats() throws InterruptedException {
        String run = run(5000, 8);
        List<SseClient.Event> first = new ArrayList<>();
        try (var stream = SseClient.open(http(), "/api/v1/runs/" + run + "/events", null)) {
            int epochs = 0;
            while (epochs < 2) {
                SseClient.Event event = stream.next(Duration.ofSeconds(60));
                assertThat(event).as("an event within a minute (got %s so far)", first).isNotNull();
                first.add(event);
                epochs += event.name().equals("epoch") ? 1 : 0;
            }
        }
        String last = first.get(first.size() - 1).id();
        assertThat(http().post("/api/v1/runs/" + run + "/cancel").status()).isEqualTo(202);

        List<SseClient.Event> rest;
        try (var stream = SseClient.open(http(), "/api/v1/runs/" + run + "/events", last)) {
            rest = stream.untilClosed(Duration.ofSeconds(60));
        }

        List<SseClient.Event> all = new ArrayList<>(first);
        all.addAll(rest);
        assertThat(all).extracting(e -> e.json().get("seq").asInt()).as("no gap and no repeat across the reconnect")
                .containsExactlyElementsOf(IntStream.rangeClosed(1, all.size()).boxed().toList());
        assertThat(rest.get(0).json().get("seq").asInt()).isEqualTo(Integer.parseInt(last) + 1);
        assertThat(all).filteredOn(e -> e.name().equals("epoch")).extracting(e -> e.json().get("epoch").asInt())
                .as("every epoch once, in order").isEqualTo(IntStream.rangeClosed(1, (int) all.stream()
                        .filter(e -> e.name().equals("epoch")).count()).boxed().toList());
        assertThat(all.get(all.size() - 1).name()).isEqualTo("end");
        assertThat(all.get(all.size() - 1).json().get("status").asString()).isEqualTo("CANCELLED");
    }

    @Test
    default void oneStreamFollowsSeveralRunsAndItsIdsResumeEach() throws InterruptedException {
        String a = run(2, 32);
        String b = run(2, 32);
        http().awaitFinished(a);
        http().awaitFinished(b);

        List<SseClient.Event> events;
        try (var stream = SseClient.open(http(), "/api/v1/events?runs=" + a + "," + b, null)) {
            events = stream.untilClosed(Duration.ofSeconds(20));
        }
        assertThat(events).filteredOn(e -> e.name().equals("end")).extracting(e -> e.json().get("runId").asString())
                .containsExactlyInAnyOrder(a, b);
        SseClient.Event middle = events.get(events.size() / 2);
        assertThat(middle.id()).contains(a + ":").contains(b + ":");

        List<SseClient.Event> rest;
        try (var stream = SseClient.open(http(), "/api/v1/events?runs=" + a + "," + b, middle.id())) {
            rest = stream.untilClosed(Duration.ofSeconds(20));
        }
        assertThat(rest).extracting(SseClient.Event::data)
                .containsExactlyElementsOf(events.subList(events.size() / 2 + 1, events.size()).stream()
                        .map(SseClient.Event::data).toList());
    }

    @Test
    default void aRunsLogSaysWhatItDidAndWhyItFailed() {
        String ok = run(2, 32);
        http().awaitFinished(ok);
        KilnHttp.Answer log = http().get("/api/v1/runs/" + ok + "/logs", "text/plain");
        assertThat(log.status()).isEqualTo(200);
        assertThat(log.body()).contains("INFO  QUEUED: submitted").contains("training rows × ")
                .contains("training on cpu()").contains("INFO  SUCCEEDED");
        JsonNode lines = http().get("/api/v1/runs/" + ok + "/logs", "application/json").json().get("lines");
        assertThat(lines.get(0).get("message").asString()).isEqualTo("QUEUED: submitted");

        String iris = http().uploadId("iris_train.csv");
        String model = http().createModel(BadInputContract.GOOD_MODEL);
        String failing = http().submitRun("""
                {"datasetId": "%s", "modelId": "%s", "target": "target",
                 "hyperparameters": {"epochs": 5000, "batchSize": 8, "seed": 1, "maxRuntime": "PT1S"}}"""
                .formatted(iris, model));
        assertThat(http().awaitFinished(failing).get("status").asString()).isEqualTo("FAILED");
        assertThat(http().get("/api/v1/runs/" + failing + "/logs", "text/plain").body())
                .contains("ERROR FAILED: max runtime exceeded");
    }

    @Test
    default void aRunRefusedByTheEngineBeforeItTrainsStillLogsWhatItsPreparationFound() {
        String iris = http().uploadId("iris_train.csv");
        String model = http().createModel(BadInputContract.GOOD_MODEL);
        String run = http().submitRun("""
                {"datasetId": "%s", "modelId": "%s", "target": "target",
                 "hyperparameters": {"epochs": 1, "device": "gpu", "seed": 1}}""".formatted(iris, model));

        JsonNode finished = http().awaitFinished(run);

        org.junit.jupiter.api.Assumptions.assumeTrue(finished.get("status").asString().equals("FAILED"),
                "this machine has a GPU: the run trained");
        assertThat(http().get("/api/v1/runs/" + run + "/logs", "text/plain").body()).contains("training rows × ")
                .contains("ERROR FAILED: hyperparameters.device is gpu, but the engine on this instance reports no GPU")
                .doesNotContain("training on");
    }

    @Test
    default void aBadCursorOrRunListIsRefusedNamingTheParameter() {
        String run = run(1, 32);
        KilnHttp.Answer badId = http().call("GET", "/api/v1/runs/" + run + "/events",
                java.util.Map.of("Accept", "text/event-stream", "Last-Event-ID", "seven"), null);
        assertThat(badId.status()).as(badId.body()).isEqualTo(400);
        assertThat(badId.body()).contains("Last-Event-ID");
        KilnHttp.Answer badRuns = http().call("GET", "/api/v1/events?runs=" + run + ",not-a-run",
                java.util.Map.of("Accept", "text/event-stream"), null);
        assertThat(badRuns.status()).as(badRuns.body()).isEqualTo(400);
        assertThat(badRuns.body()).contains("runs").contains("not-a-run");
        KilnHttp.Answer other = http().call("GET", "/api/v1/events?runs=" + run, java.util.Map.of("Accept",
                "text/event-stream", "Last-Event-ID", java.util.UUID.randomUUID() + ":3"), null);
        assertThat(other.status()).as(other.body()).isEqualTo(400);
        KilnHttp.Answer missing = http().call("GET", "/api/v1/runs/" + java.util.UUID.randomUUID() + "/events",
                java.util.Map.of("Accept", "text/event-stream"), null);
        assertThat(missing.status()).as(missing.body()).isEqualTo(404);
        assertThat(missing.contentType()).startsWith("application/problem+json");
    }
}
