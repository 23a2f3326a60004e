package dev.kiln.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kiln.support.KilnHttp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The defects an attacker's trial found, each as the repro that failed and the answer Kiln now gives: finished runs
 * keep their model, wide tables store, CSVs are formula-safe, predictions refuse what they cannot score, reads are
 * consistent, deletes and submissions do not race, failures are told in words, names are clean, scoring has its own
 * capacity. Implemented once per database.
 */
public interface HardeningContract {
    KilnHttp http();

    Path storageRoot();

    String ROW = "{\"sepal_length_cm\": 6.3, \"sepal_width_cm\": 2.8, \"petal_length_cm\": 5.1, \"petal_width_cm\": 1.5}";

    private String irisRun(String dataset, String model, String hyperparameters) {
        return http().submitRun("""
                {"datasetId": "%s", "modelId": "%s", "target": "target", "hyperparameters": %s}"""
                .formatted(dataset, model, hyperparameters));
    }

    private static JsonNode problem(KilnHttp.Answer answer, int status, String field, String reason) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().get("errors")).anySatisfy(error -> {
            assertThat(error.get("field").asString()).isEqualTo(field);
            assertThat(error.get("message").asString()).contains(reason);
        });
        return answer.json();
    }

    @Test
    default void aFinishedRunKeepsWhatItNeedsWhenItsModelDefinitionIsDeleted() {
        String iris = http().uploadId("iris_train.csv");
        String model = http().createModel(BadInputContract.GOOD_MODEL);
        String run = irisRun(iris, model, "{\"epochs\": 3, \"seed\": 2}");
        assertThat(http().awaitFinished(run).get("status").asString()).isEqualTo("SUCCEEDED");

        assertThat(http().delete("/api/v1/models/" + model).status()).isEqualTo(204);

        assertThat(http().bytes("/api/v1/runs/" + run + "/model")).isNotEmpty();
        assertThat(http().postJson("/api/v1/runs/" + run + "/evaluate", Map.of("datasetId", iris)).status())
                .isEqualTo(200);
        assertThat(http().postJson("/api/v1/runs/" + run + "/predict", "{\"rows\": [" + ROW + "]}").status())
                .isEqualTo(200);
        assertThat(http().get("/api/v1/runs/" + run).json().get("model").get("layers")).hasSize(2);
        String again = http().createModel(BadInputContract.GOOD_MODEL);
        String warm = http().submitRun("""
                {"datasetId": "%s", "modelId": "%s", "target": "target", "initFrom": {"runId": "%s"},
                 "hyperparameters": {"epochs": 1}}""".formatted(iris, again, run));
        assertThat(http().awaitFinished(warm).get("status").asString()).isEqualTo("SUCCEEDED");
    }

    @Test
    default void aTenThousandColumnTableIsStoredAndProfiled() {
        int columns = 10_000;
        StringBuilder csv = new StringBuilder(IntStream.range(0, columns).mapToObj(i -> "feature_" + i)
                .collect(Collectors.joining(",")));
        for (int row = 0; row < 3; row++) {
            int r = row;
            csv.append('\n').append(IntStream.range(0, columns).mapToObj(i -> Integer.toString((i * 7 + r) % 10))
                    .collect(Collectors.joining(",")));
        }
        KilnHttp.Answer upload = http().upload("wide.csv", csv.toString().getBytes(StandardCharsets.UTF_8), Map.of());

        assertThat(upload.status()).as(upload.body().substring(0, Math.min(500, upload.body().length())))
                .isEqualTo(201);
        JsonNode stored = http().get("/api/v1/datasets/" + upload.id()).json();
        assertThat(stored.get("columns")).hasSize(columns);
        assertThat(stored.get("columns").get(columns - 1).get("name").asString()).isEqualTo("feature_9999");
    }

    @Test
    default void theBatchPredictionCsvEscapesFormulasInCellsLabelsAndHeaders() {
        StringBuilder csv = new StringBuilder("x,=HYPERLINK(\"http://evil.example\"),label\n");
        for (int i = 0; i < 40; i++) {
            csv.append(i % 2 == 0 ? "-1.5" : "2.5").append(',').append(i % 2 == 0 ? "@SUM(A1)" : "+cmd")
                    .append(',').append(i % 2 == 0 ? "=yes" : "-no").append('\n');
        }
        KilnHttp.Answer upload = http().upload("formulas.csv", csv.toString().getBytes(StandardCharsets.UTF_8),
                Map.of());
        assertThat(upload.status()).as(upload.body()).isEqualTo(201);
        String model = http().createModel("""
                {"name": "binary", "layers": [{"type": "dense", "units": 4, "activation": "relu"},
                 {"type": "dense", "units": 1, "activation": "sigmoid"}]}""");
        String run = http().submitRun("""
                {"datasetId": "%s", "modelId": "%s", "target": "label", "hyperparameters": {"epochs": 2}}"""
                .formatted(upload.id(), model));
        assertThat(http().awaitFinished(run).get("status").asString()).isEqualTo("SUCCEEDED");
        String job = http().postJson("/api/v1/runs/" + run + "/predictions", Map.of("datasetId", upload.id())).id();
        await().atMost(Duration.ofMinutes(1)).until(() -> http().get("/api/v1/runs/" + run + "/predictions/" + job)
                .json().get("status").asString().equals("SUCCEEDED"));

        List<String> lines = http().get("/api/v1/runs/" + run + "/predictions/" + job + "/result").body().lines()
                .toList();

        assertThat(lines.get(0)).startsWith("x,\"'=HYPERLINK(\"\"http://evil.example\"\")\",label,prediction,")
                .contains("probability_=yes").contains("probability_-no");
        assertThat(lines.get(1)).startsWith("-1.5,'@SUM(A1),'=yes,");
        assertThat(lines.get(2)).startsWith("2.5,'+cmd,'-no,");
        assertThat(lines.subList(1, lines.size())).allSatisfy(line -> assertThat(
                Stream.of(line.split(",")).skip(3)).allSatisfy(cell -> assertThat(cell).matches("'.*|[0-9.E-]+")));
    }

    @Test
    default void predictionsRefuseUnknownColumnsEmptyRowsAndNumbersThatAreNotFinite() {
        String iris = http().uploadId("iris_train.csv");
        String run = irisRun(iris, http().createModel(BadInputContract.GOOD_MODEL), "{\"epochs\": 1}");
        assertThat(http().awaitFinished(run).get("status").asString()).isEqualTo("SUCCEEDED");
        String predict = "/api/v1/runs/" + run + "/predict";

        problem(http().postJson(predict, "{\"rows\": [{\"bogus\": 1}]}"), 422, "rows[0]", "bogus");
        problem(http().postJson(predict, "{\"rows\": [" + ROW + ", {}]}"), 422, "rows[1]",
                "none of the model's columns");
        problem(http().postJson(predict, "{\"rows\": [{\"sepal_length_cm\": 1e308, \"sepal_width_cm\": 1e308, "
                + "\"petal_length_cm\": -1e308, \"petal_width_cm\": 1e308}]}"), 422, "rows[0]", "finite");
        assertThat(http().postJson(predict, "{\"rows\": [{\"petal_width_cm\": 1.5}]}").status())
                .as("absent known columns are imputed, as documented").isEqualTo(200);
    }

    @Test
    default void aRunIsReadAsOneConsistentSnapshot() {
        String iris = http().uploadId("iris_train.csv");
        String run = irisRun(iris, http().createModel(BadInputContract.GOOD_MODEL), "{\"epochs\": 60}");
        int polls = 0;
        JsonNode read;
        do {
            read = http().get("/api/v1/runs/" + run).json();
            JsonNode history = read.get("history");
            assertThat(history.get(history.size() - 1).get("status").asString()).as(read.toString())
                    .isEqualTo(read.get("status").asString());
            polls++;
        } while (!Stream.of("SUCCEEDED", "FAILED", "CANCELLED").toList().contains(read.get("status").asString())
                && polls < 5_000);
        assertThat(read.get("status").asString()).isEqualTo("SUCCEEDED");
    }

    @Test
    default void aRunSubmittedWhileItsDatasetOrModelIsDeletedNeverLetsBothSucceed() {
        for (int i = 0; i < 10; i++) {
            String dataset = http().uploadId("iris_test.csv");
            String model = http().createModel(BadInputContract.GOOD_MODEL);
            boolean deleteModel = i % 2 == 1;
            var submit = CompletableFuture.supplyAsync(() -> http().postJson("/api/v1/runs", """
                    {"datasetId": "%s", "modelId": "%s", "target": "target", "hyperparameters": {"epochs": 1}}"""
                    .formatted(dataset, model)));
            var delete = CompletableFuture.supplyAsync(() -> http().delete(deleteModel ? "/api/v1/models/" + model
                    : "/api/v1/datasets/" + dataset));
            int submitted = submit.join().status();
            int deleted = delete.join().status();

            assertThat(List.of(submitted, deleted)).as("submit %d, delete %d", submitted, deleted)
                    .isIn(List.of(202, 409), List.of(422, 204));
            if (submitted == 202) {
                String run = submit.join().id();
                assertThat(http().awaitFinished(run).get("status").asString()).isEqualTo("SUCCEEDED");
            }
        }
    }

    @Test
    default void aFailedRunSaysWhatHappenedInWordsWithoutClassNamesOrPaths() throws Exception {
        String iris = http().uploadId("iris_train.csv");
        String model = http().createModel(BadInputContract.GOOD_MODEL);
        try (Stream<Path> files = Files.walk(storageRoot().resolve("datasets").resolve(iris))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.writeString(file, "not the dataset any more");
            }
        }
        String run = irisRun(iris, model, "{\"epochs\": 1}");

        JsonNode failed = http().awaitFinished(run);

        assertThat(failed.get("status").asString()).isEqualTo("FAILED");
        assertThat(failed.get("error").asString()).doesNotContain("Exception").doesNotContain("java.")
                .doesNotContain("dev.kiln").doesNotContain(storageRoot().toString()).containsIgnoringCase("dataset");
    }

    @Test
    default void namesAreStoredCleanAndUploadsKeepOnlyTheirBaseFileName() {
        KilnHttp.Answer upload = http().upload("../../etc/passwd.csv", "a,b\n1,2\n3,4\n".getBytes(
                StandardCharsets.UTF_8), Map.of("name", "  evil\u202Egnp.exe\u0000\n  name\u200B  "));
        assertThat(upload.status()).as(upload.body()).isEqualTo(201);
        assertThat(upload.json().get("name").asString()).isEqualTo("evilgnp.exe name");
        assertThat(upload.json().get("fileName").asString()).isEqualTo("passwd.csv");

        KilnHttp.Answer model = http().postJson("/api/v1/models", BadInputContract.GOOD_MODEL.replace("\"ok\"",
                "\"tab\\tand\\u202Ebidi\""));
        assertThat(model.status()).as(model.body()).isEqualTo(201);
        assertThat(model.json().get("name").asString()).isEqualTo("tab andbidi");
        problem(http().postJson("/api/v1/models", BadInputContract.GOOD_MODEL.replace("\"ok\"",
                "\"\\u0000\\u200B\"")), 422, "name", "visible characters");
        problem(http().postJson("/api/v1/models", BadInputContract.GOOD_MODEL.replace("\"ok\"",
                "\"" + "x".repeat(201) + "\"")), 422, "name", "between 0 and 200");
    }

    @Test
    default void batchScoringRunsBesideABusyTrainingSlot() {
        String iris = http().uploadId("iris_train.csv");
        String model = http().createModel(BadInputContract.GOOD_MODEL);
        String scored = irisRun(iris, model, "{\"epochs\": 1}");
        assertThat(http().awaitFinished(scored).get("status").asString()).isEqualTo("SUCCEEDED");
        String busy = irisRun(iris, model, "{\"epochs\": 100000, \"batchSize\": 4}");
        http().awaitRun(busy, Duration.ofMinutes(1), "RUNNING");
        try {
            String job = http().postJson("/api/v1/runs/" + scored + "/predictions", Map.of("datasetId", iris)).id();
            await().atMost(Duration.ofSeconds(30)).until(() -> http().get("/api/v1/runs/" + scored
                    + "/predictions/" + job).json().get("status").asString().equals("SUCCEEDED"));
            assertThat(http().get("/api/v1/runs/" + busy).json().get("status").asString())
                    .as("the job finished while the only training slot was busy").isEqualTo("RUNNING");
        } finally {
            http().post("/api/v1/runs/" + busy + "/cancel");
            http().awaitFinished(busy);
        }
    }

    @Test
    default void aScoringJobNeverFailsBecauseItsDatasetWasDeletedMeanwhile() {
        String iris = http().uploadId("iris_train.csv");
        String scored = irisRun(iris, http().createModel(BadInputContract.GOOD_MODEL), "{\"epochs\": 1}");
        assertThat(http().awaitFinished(scored).get("status").asString()).isEqualTo("SUCCEEDED");
        for (int i = 0; i < 10; i++) {
            String dataset = http().uploadId("iris_test.csv");
            var score = CompletableFuture.supplyAsync(() -> http().postJson("/api/v1/runs/" + scored
                    + "/predictions", Map.of("datasetId", dataset)));
            var delete = CompletableFuture.supplyAsync(() -> http().delete("/api/v1/datasets/" + dataset));
            KilnHttp.Answer job = score.join();
            int deleted = delete.join().status();

            assertThat(job.status()).as(job.body()).isIn(202, 422);
            assertThat(deleted).isIn(204, 409);
            if (job.status() == 202) {
                await().atMost(Duration.ofSeconds(30)).until(() -> !List.of("QUEUED", "RUNNING").contains(http().get(
                        "/api/v1/runs/" + scored + "/predictions/" + job.id()).json().get("status").asString()));
                assertThat(http().get("/api/v1/runs/" + scored + "/predictions/" + job.id()).json().get("status")
                        .asString()).as("deleted: %d", deleted).isEqualTo("SUCCEEDED");
            } else {
                assertThat(deleted).isEqualTo(204);
            }
        }
    }

    @Test
    default void twoFilePartsAreRefusedRatherThanOneIgnored() {
        byte[] csv = "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8);
        problem(http().multipart("/api/v1/datasets", List.of(new KilnHttp.Part("file", "one.csv", csv),
                new KilnHttp.Part("file", "two.csv", csv)), Map.of()), 422, "file", "one");
        problem(http().multipart("/api/v1/models/import", List.of(new KilnHttp.Part("file", "one.zip", csv),
                new KilnHttp.Part("file", "two.zip", csv)), Map.of()), 422, "file", "one");
    }

    @Test
    default void aValidationSplitMissingAClassSaysSoInTheRun() {
        StringBuilder csv = new StringBuilder("x,y,label\n");
        for (int i = 0; i < 60; i++) {
            csv.append(i % 7).append(',').append(i % 5).append(',').append(i % 2 == 0 ? "a" : "b").append('\n');
        }
        csv.append("9,9,rare\n");
        KilnHttp.Answer upload = http().upload("rare.csv", csv.toString().getBytes(StandardCharsets.UTF_8), Map.of());
        String model = http().createModel(BadInputContract.GOOD_MODEL);
        String run = http().submitRun("""
                {"datasetId": "%s", "modelId": "%s", "target": "label",
                 "hyperparameters": {"epochs": 1, "validationSplit": 0.1, "seed": 1}}""".formatted(upload.id(), model));

        JsonNode finished = http().awaitFinished(run);

        assertThat(finished.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(finished.get("warnings")).anySatisfy(w -> assertThat(w.asString())
                .contains("the validation data holds 2 of the 3 classes (missing: rare)"));
    }
}
