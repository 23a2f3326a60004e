package dev.kiln.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kiln.support.KilnHttp;
import dev.kiln.support.S3Server;
import dev.kiln.support.TestPostgres;
import dev.kiln.support.WorkerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import java.util.stream.Stream;
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
 * Workers that share nothing but the database and the bucket: this test's Kiln is API-only, two worker processes
 * each have a local directory of their own, and every blob is in an S3 bucket (S3Proxy in this JVM). Runs are trained
 * exactly once across them, a killed worker's run resumes on the other from its checkpoint in the bucket, no blob
 * lands on a worker's disk, and an S3 outage fails a run with its reason.
 */
@EnabledIf("dev.kiln.support.TestPostgres#availableOrRequired")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "kiln.worker.enabled=false", "kiln.instance-id=api", "kiln.datasets.max-upload-size=5MB"})
@DirtiesContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkersOnS3Test {
    private static final Path API_FILES = directory("kiln-s3-api-");
    private static TestPostgres database;
    private static S3Server s3;

    private final Map<String, WorkerProcess> workers = new HashMap<>();
    private final Map<String, Path> directories = new HashMap<>();

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

    private static synchronized S3Server s3() {
        if (s3 == null) {
            s3 = S3Server.start("shared");
        }
        return s3;
    }

    private static Path directory(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void sharedDatabaseAndBucket(DynamicPropertyRegistry registry) {
        registry.add("kiln.storage.root", API_FILES::toString);
        registry.add("spring.datasource.url", () -> database().jdbcUrl());
        registry.add("spring.datasource.username", () -> database().username());
        registry.add("spring.datasource.password", () -> database().password());
        for (String setting : s3().settings("kiln/")) {
            String[] pair = setting.split("=", 2);
            registry.add(pair[0], () -> pair[1]);
        }
    }

    @BeforeAll
    void startTwoWorkers() {
        var one = CompletableFuture.supplyAsync(() -> startWorker("worker-1"));
        var two = CompletableFuture.supplyAsync(() -> startWorker("worker-2"));
        one.join();
        two.join();
    }

    private WorkerProcess startWorker(String id) {
        Path own = directory("kiln-s3-" + id + "-");
        List<String> settings = new ArrayList<>(List.of("kiln.storage.cache-max-size=64MB",
                "kiln.training.heartbeat=500ms",
                "kiln.training.missed-heartbeats=4", "db-scheduler.polling-interval=300ms",
                "kiln.training.cancel-poll-interval=200ms"));
        settings.addAll(s3().settings("kiln/"));
        WorkerProcess worker = WorkerProcess.start(id, database(), own, settings).awaitReady();
        synchronized (workers) {
            workers.put(id, worker);
            directories.put(id, own);
        }
        return worker;
    }

    @AfterAll
    void stop() throws Exception {
        workers.values().forEach(WorkerProcess::close);
        s3().close();
    }

    @BeforeEach
    void connect() throws Exception {
        http = new KilnHttp(port).withKey(Files.readString(API_FILES.resolve("admin.key")).strip());
        if (model == null) {
            String[] made = WorkerRuns.modelAndDataset(http);
            model = made[0];
            dataset = made[1];
        }
    }

    private String submit(int epochs, int batchSize) {
        return WorkerRuns.submit(http, dataset, model, epochs, batchSize);
    }

    private static List<Path> files(Path directory) throws Exception {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    @Order(1)
    void tenRunsOnTwoWorkersWithTheirOwnDirectoriesTrainExactlyOnceWithEveryBlobInTheBucket() throws Exception {
        List<String> runs = IntStream.range(0, 10).mapToObj(i -> submit(2, 512)).toList();

        Set<String> instances = new HashSet<>();
        for (String id : runs) {
            JsonNode run = http.awaitFinished(id);
            assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
            assertThat(WorkerRuns.runningOn(run)).as("trained exactly once").hasSize(1);
            instances.addAll(WorkerRuns.runningOn(run));
            assertThat(http.get("/api/v1/runs/" + id + "/metrics").json().get("epochs")).hasSize(2);
            assertThat(s3().keys("kiln/runs/" + id + "/")).anyMatch(k -> k.endsWith("/model.ckpt"));
        }
        assertThat(instances).as("both workers did work").containsExactlyInAnyOrder("worker-1", "worker-2");
        for (var own : directories.entrySet()) {
            assertThat(files(own.getValue())).as("files on %s's own disk: only the bounded cache's copies",
                    own.getKey()).allMatch(p -> own.getValue().relativize(p).startsWith("cache"));
        }
        KilnHttp.Answer predicted = http.postJson("/api/v1/runs/" + runs.get(0) + "/predict",
                "{\"rows\": [{\"a\": 1, \"b\": 1, \"c\": 1, \"d\": 1, \"e\": 1}]}");
        assertThat(predicted.status()).as("the API instance predicts from the model in the bucket: " + predicted.body())
                .isEqualTo(200);
        assertThat(predicted.json().get("predictions").get(0).get("label").asString()).isEqualTo("1");
    }

    @Test
    @Order(2)
    void aKilledWorkersRunResumesOnTheOtherFromItsCheckpointInTheBucket() throws Exception {
        String id = submit(10, 8);
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(50)).until(() ->
                http.get("/api/v1/runs/" + id).json().get("progress").get("epoch").asInt() == 2);
        String holder = WorkerRuns.runningOn(http.get("/api/v1/runs/" + id).json()).get(0);

        workers.get(holder).kill();

        JsonNode run = http.awaitFinished(id);
        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        JsonNode resume = run.get("history").get(2);
        assertThat(resume.get("instance").asString()).isNotEqualTo(holder);
        assertThat(resume.get("reason").asString()).contains("resumed").contains("checkpoint");
        assertThat(http.get("/api/v1/runs/" + id + "/metrics").json().get("epochs")).extracting(e -> e.get("epoch")
                .asInt()).containsExactlyElementsOf(IntStream.rangeClosed(1, 10).boxed().toList());
        startWorker(holder);
    }

    @Test
    @Order(9)
    void anS3OutageFailsARunningRunWithItsReason() throws Exception {
        String id = submit(50, 8);
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(50)).until(() ->
                http.get("/api/v1/runs/" + id).json().get("progress").get("epoch").asInt() >= 1);

        s3().stop();

        JsonNode run = http.awaitRun(id, Duration.ofMinutes(2), "FAILED", "SUCCEEDED", "CANCELLED");
        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("FAILED");
        assertThat(run.get("error").asString()).contains("files");
        assertThat(workers.values()).allMatch(WorkerProcess::isAlive);
    }
}
