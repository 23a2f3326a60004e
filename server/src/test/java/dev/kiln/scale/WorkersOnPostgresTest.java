package dev.kiln.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kiln.support.Access;
import dev.kiln.support.KilnHttp;
import dev.kiln.support.SseClient;
import dev.kiln.support.TestPostgres;
import dev.kiln.support.WorkerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Many workers, no lost runs — for real: this test's own Kiln is API-only, and two workers run as separate
 * processes on one PostgreSQL database and one files directory. They share the queue, hand a run over when one
 * is stopped with SIGTERM, and resume a run whose worker is killed with SIGKILL.
 */
@EnabledIf("dev.kiln.support.TestPostgres#availableOrRequired")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "kiln.worker.enabled=false", "kiln.instance-id=api", "kiln.datasets.max-upload-size=5MB",
        "kiln.events.poll-interval=1h"}) // live events reach this API instance only by PostgreSQL's NOTIFY
@DirtiesContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkersOnPostgresTest {
    private static final Path FILES = files();
    private static TestPostgres database;
    private static final List<String> WORKER_SETTINGS = List.of("kiln.training.heartbeat=500ms",
            "kiln.training.missed-heartbeats=4", "db-scheduler.polling-interval=300ms",
            "kiln.training.shutdown-grace=10s", "kiln.training.cancel-poll-interval=200ms");

    private final Map<String, WorkerProcess> workers = new HashMap<>();

    @LocalServerPort
    private int port;
    private KilnHttp http;
    private String model;
    private String dataset;

    private static synchronized TestPostgres database() {
        if (database == null) {
            database = TestPostgres.fresh();
        }
        return database;
    }

    private static Path files() {
        try {
            return Files.createTempDirectory("kiln-workers-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void sharedDatabaseAndFiles(DynamicPropertyRegistry registry) {
        registry.add("kiln.storage.root", FILES::toString);
        registry.add("spring.datasource.url", () -> database().jdbcUrl());
        registry.add("spring.datasource.username", () -> database().username());
        registry.add("spring.datasource.password", () -> database().password());
    }

    @BeforeAll
    void startTwoWorkers() {
        var one = CompletableFuture.supplyAsync(() -> startWorker("worker-1"));
        var two = CompletableFuture.supplyAsync(() -> startWorker("worker-2"));
        one.join();
        two.join();
    }

    private WorkerProcess startWorker(String id) {
        WorkerProcess worker = WorkerProcess.start(id, database(), FILES, WORKER_SETTINGS).awaitReady();
        synchronized (workers) {
            workers.put(id, worker);
        }
        return worker;
    }

    @AfterAll
    void stopWorkers() {
        workers.values().forEach(WorkerProcess::close);
    }

    @BeforeEach
    void connect() {
        try {
            http = new KilnHttp(port).withKey(Files.readString(FILES.resolve("admin.key")).strip());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        if (model == null) {
            String[] made = WorkerRuns.modelAndDataset(http);
            model = made[0];
            dataset = made[1];
        }
    }

    private String submit(int epochs, int batchSize) {
        return WorkerRuns.submit(http, dataset, model, epochs, batchSize);
    }

    private void assertEpochsOneTo(String run, int epochs) {
        JsonNode rows = http.get("/api/v1/runs/" + run + "/metrics").json().get("epochs");
        assertThat(rows).extracting(r -> r.get("epoch").asInt())
                .containsExactlyElementsOf(IntStream.rangeClosed(1, epochs).boxed().toList());
    }

    @Test
    @Order(0)
    void aWorkerServesHealthButNotTheApi() throws Exception {
        WorkerProcess worker = workers.get("worker-1");

        assertThat(worker.status("/actuator/health")).isEqualTo(200);
        assertThat(worker.status("/actuator/info")).isEqualTo(200);
        assertThat(worker.status("/api/v1/runs")).isEqualTo(401);
        assertThat(worker.status("/api/v1/runs", http.key())).isEqualTo(404);
        assertThat(worker.status("/v3/api-docs")).isEqualTo(404);
    }

    @Test
    @Order(1)
    void twoWorkersShareTheQueueAndTrainEachRunExactlyOnce() {
        List<String> runs = IntStream.range(0, 12).mapToObj(i -> submit(2, 512)).toList();

        Set<String> instances = new HashSet<>();
        for (String id : runs) {
            JsonNode run = http.awaitFinished(id);
            assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
            assertThat(WorkerRuns.runningOn(run)).as("trained exactly once").hasSize(1);
            instances.addAll(WorkerRuns.runningOn(run));
            assertEpochsOneTo(id, 2);
        }
        assertThat(instances).as("both workers did work").containsExactlyInAnyOrder("worker-1", "worker-2");
    }

    @Test
    @Order(1)
    void theApiInstanceStreamsEveryEpochOfARunAWorkerTrainsAndAReconnectMissesNothing() throws Exception {
        String id = submit(6, 512);
        List<SseClient.Event> events = new ArrayList<>();
        try (var stream = SseClient.open(http, "/api/v1/runs/" + id + "/events", null)) {
            while (events.stream().filter(e -> e.name().equals("epoch")).count() < 2) {
                SseClient.Event event = stream.next(Duration.ofSeconds(60));
                assertThat(event).as("a live event within a minute, woken by NOTIFY (so far %s)", events).isNotNull();
                events.add(event);
            }
        }
        try (var stream = SseClient.open(http, "/api/v1/runs/" + id + "/events", events.get(events.size() - 1).id())) {
            events.addAll(stream.untilClosed(Duration.ofMinutes(2)));
        }

        assertThat(events).extracting(e -> e.json().get("seq").asInt())
                .containsExactlyElementsOf(IntStream.rangeClosed(1, events.size()).boxed().toList());
        assertThat(events).filteredOn(e -> e.name().equals("epoch")).extracting(e -> e.json().get("epoch").asInt())
                .containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(events).filteredOn(e -> e.name().equals("status")).extracting(e -> e.json().get("instance")
                .asString()).as("submitted here, trained by a worker").first().isEqualTo("api");
        assertThat(events.get(events.size() - 1).name()).isEqualTo("end");
        assertThat(WorkerRuns.runningOn(http.get("/api/v1/runs/" + id).json()).get(0)).startsWith("worker-");
    }

    @Test
    @Order(2)
    void aStoppedWorkerCheckpointsAndHandsItsRunToTheOther() throws Exception {
        String id = submit(10, 8);
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100)).until(() ->
                http.get("/api/v1/runs/" + id).json().get("progress").get("epoch").asInt() >= 2);
        String holder = WorkerRuns.runningOn(http.get("/api/v1/runs/" + id).json()).get(0);

        Duration exit = workers.get(holder).terminate(Duration.ofSeconds(25));

        assertThat(exit).as("exits within the shutdown grace").isLessThan(Duration.ofSeconds(15));
        JsonNode run = http.awaitFinished(id);
        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(WorkerRuns.statuses(run)).containsExactly("QUEUED", "RUNNING", "QUEUED", "RUNNING", "SUCCEEDED");
        assertThat(WorkerRuns.runningOn(run)).hasSize(2).first().isEqualTo(holder);
        assertThat(WorkerRuns.runningOn(run).get(1)).isNotEqualTo(holder);
        assertThat(run.get("history").get(2).get("reason").asString()).contains("stopping");
        assertEpochsOneTo(id, 10);
        System.out.printf("SIGTERM: %s exited in %d ms; the run was requeued and finished by %s%n", holder,
                exit.toMillis(), WorkerRuns.runningOn(run).get(1));
        startWorker(holder);
    }

    @Test
    @Order(3)
    void aKilledWorkersRunIsResumedElsewhereWithEveryEpochOnce() throws Exception {
        String id = submit(10, 8);
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(50)).until(() ->
                http.get("/api/v1/runs/" + id).json().get("progress").get("epoch").asInt() == 2);
        String holder = WorkerRuns.runningOn(http.get("/api/v1/runs/" + id).json()).get(0);

        Instant killed = Instant.now();
        workers.get(holder).kill();

        JsonNode run = http.awaitFinished(id);
        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(WorkerRuns.statuses(run)).containsExactly("QUEUED", "RUNNING", "RUNNING", "SUCCEEDED");
        JsonNode resume = run.get("history").get(2);
        assertThat(resume.get("instance").asString()).isNotEqualTo(holder);
        assertThat(resume.get("reason").asString()).contains("resumed").contains("was lost");
        assertEpochsOneTo(id, 10);
        System.out.printf("SIGKILL: %s killed during epoch 3; resumed by %s after %d ms (%s)%n", holder,
                resume.get("instance").asString(),
                Duration.between(killed, Instant.parse(resume.get("at").asString())).toMillis(),
                resume.get("reason").asString());
    }

    @Test
    @Order(4)
    void aProjectTrainsNoMoreRunsAtOnceThanItsQuotaWhileWorkersAreFree() {
        String project = Access.project(http, "one-at-a-time");
        KilnHttp.Answer set = http.call("PATCH", "/api/v1/projects/" + project + "/quotas",
                Map.of("Content-Type", "application/json"), "{\"maxConcurrentRuns\": 1}");
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        KilnHttp member = Access.key(http, project, "read", "write");
        String data = member.upload("synthetic.csv", SyntheticData.csv(2_000, 2), Map.of()).id();
        String own = member.createModel("""
                {"name": "small", "layers": [{"type": "dense", "units": 64, "activation": "relu"},
                 {"type": "dense", "units": 1, "activation": "sigmoid"}]}""");
        List<String> runs = IntStream.range(0, 2).mapToObj(i -> member.submitRun("""
                {"datasetId": "%s", "modelId": "%s", "target": "label", "hyperparameters": {"epochs": 6, "seed": %d}}"""
                .formatted(data, own, i))).toList();

        int[] mostAtOnce = {0};
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100)).until(() -> {
            List<String> statuses = runs.stream().map(id -> member.get("/api/v1/runs/" + id).json().get("status")
                    .asString()).toList();
            mostAtOnce[0] = Math.max(mostAtOnce[0], (int) statuses.stream().filter("RUNNING"::equals).count());
            return statuses.stream().allMatch("SUCCEEDED"::equals);
        });

        assertThat(mostAtOnce[0]).as("runs of the project trained at once").isEqualTo(1);
    }

    @Test
    @Order(5)
    void aStudyUsesBothWorkersAndLosesNoTrialWhenOneIsKilled() throws Exception {
        for (String id : List.of("worker-1", "worker-2")) {
            if (!workers.get(id).isAlive()) {
                startWorker(id);
            }
        }
        String study = http.postJson("/api/v1/studies", """
                {"name": "spread", "objective": {"metric": "val_loss"}, "algorithm": "tpe", "maxTrials": 6,
                 "parallelism": 2, "seed": 4,
                 "run": {"datasetId": "%s", "modelId": "%s", "target": "label",
                         "hyperparameters": {"epochs": 4, "validationSplit": 0.1, "seed": 5}},
                 "space": {"hyperparameters.batchSize": {"choice": [32, 64]},
                           "hyperparameters.optimizer.learningRate": {"logUniform": [0.0003, 0.01]}}}"""
                .formatted(dataset, model)).id();
        String[] victim = new String[2];
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).until(() -> {
            for (JsonNode trial : http.get("/api/v1/studies/" + study).json().get("trials")) {
                JsonNode run = http.get("/api/v1/runs/" + trial.get("runId").asString()).json();
                if (run.get("status").asString().equals("RUNNING") && run.get("progress").get("epoch").asInt() >= 1) {
                    victim[0] = run.get("id").asString();
                    victim[1] = WorkerRuns.runningOn(run).get(0);
                    return true;
                }
            }
            return false;
        });

        workers.get(victim[1]).kill();

        JsonNode done = null;
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            done = http.get("/api/v1/studies/" + study).json();
            if (Set.of("COMPLETED", "FAILED", "CANCELLED").contains(done.get("status").asString())) {
                break;
            }
            Thread.sleep(300);
        }
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("COMPLETED");
        assertThat(done.get("trials")).hasSize(6);
        Set<String> instances = new HashSet<>();
        for (JsonNode trial : done.get("trials")) {
            assertThat(trial.get("state").asString()).as(trial.toString()).isEqualTo("SUCCEEDED");
            JsonNode run = http.get("/api/v1/runs/" + trial.get("runId").asString()).json();
            instances.addAll(WorkerRuns.runningOn(run));
            assertEpochsOneTo(trial.get("runId").asString(), 4);
        }
        assertThat(instances).as("trials trained on both workers").contains("worker-1", "worker-2");
        JsonNode resumed = http.get("/api/v1/runs/" + victim[0]).json();
        assertThat(WorkerRuns.statuses(resumed)).containsExactly("QUEUED", "RUNNING", "RUNNING", "SUCCEEDED");
        assertThat(resumed.get("history").get(2).get("reason").asString()).contains("resumed");
        System.out.printf("study: %s killed while training trial run %s; the study completed, best %s%n", victim[1],
                victim[0], done.get("bestTrial").get("objective"));
    }
}
