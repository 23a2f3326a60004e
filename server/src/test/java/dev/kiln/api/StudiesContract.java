package dev.kiln.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kiln.support.KilnHttp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Hyperparameter studies over real HTTP: random, TPE and grid studies that train real (tiny) runs on a shared
 * dataset, ASHA pruning, cancel, and retraining the best trial. Implemented once per database.
 */
public interface StudiesContract {
    KilnHttp http();

    String MODEL = """
            {"name": "study-base", "layers": [{"type": "dense", "units": 16, "activation": "relu"},
                                              {"type": "dense", "units": 1, "activation": "sigmoid"}]}""";

    default String baseRun(int epochs) {
        String data = http().uploadId("breast_cancer_train.csv");
        String model = http().createModel(MODEL);
        return """
                {"datasetId": "%s", "modelId": "%s", "target": "target",
                 "hyperparameters": {"epochs": %d, "batchSize": 32, "validationSplit": 0.2, "seed": 11}}"""
                .formatted(data, model, epochs);
    }

    default JsonNode start(String body) {
        KilnHttp.Answer answer = http().postJson("/api/v1/studies", body);
        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        assertThat(answer.headers().firstValue("Location")).hasValue("/api/v1/studies/" + answer.id());
        return answer.json();
    }

    default JsonNode awaitStudy(String id, Duration limit) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(limit).pollInterval(Duration.ofMillis(300)).until(() -> {
            last[0] = http().get("/api/v1/studies/" + id).json();
            return Set.of("COMPLETED", "CANCELLED", "FAILED").contains(last[0].get("status").asString());
        });
        return last[0];
    }

    private static double best(JsonNode epochs, String metric) {
        double best = Double.POSITIVE_INFINITY;
        for (JsonNode row : epochs) {
            best = Math.min(best, row.get("metrics").get(metric).asDouble());
        }
        return best;
    }

    /** Checks every trial against its run: the sampled values are what the run trained with, the objective its best. */
    private void trialsMatchTheirRuns(JsonNode study) {
        for (JsonNode trial : study.get("trials")) {
            JsonNode run = http().get("/api/v1/runs/" + trial.get("runId").asString()).json();
            assertThat(run.get("studyId").asString()).isEqualTo(study.get("id").asString());
            assertThat(run.get("trialNumber").asInt()).isEqualTo(trial.get("number").asInt());
            assertThat(run.get("spec").get("optimizer").get("learningRate").asDouble())
                    .isEqualTo(trial.get("parameters").get("hyperparameters.optimizer.learningRate").asDouble());
            assertThat(run.get("model").get("layers").get(0).get("units").asInt())
                    .isEqualTo(trial.get("parameters").get("model.layers[0].units").asInt());
            JsonNode epochs = http().get("/api/v1/runs/" + trial.get("runId").asString() + "/metrics").json()
                    .get("epochs");
            assertThat(trial.get("epochs").asInt()).isEqualTo(epochs.size());
            if (trial.get("state").asString().equals("SUCCEEDED")) {
                assertThat(trial.get("objective").asDouble()).isEqualTo(best(epochs, "val_loss"));
            }
        }
    }

    private String study(String algorithm, int trials, String run, String pruner, int seed) {
        return """
                {"name": "%s study", "run": %s, "objective": {"metric": "val_loss"}, "algorithm": "%s",
                 "space": {"hyperparameters.optimizer.learningRate": {"logUniform": [0.0001, 0.1]},
                           "hyperparameters.batchSize": {"choice": [16, 32, 64]},
                           "model.layers[0].units": {"intUniform": [4, 32], "step": 4}},
                 "pruner": %s, "maxTrials": %d, "parallelism": 2, "seed": %d}"""
                .formatted(algorithm, run, algorithm, pruner, trials, seed);
    }

    @Test
    default void randomAndTpeStudiesOfTwelveTrialsFinishAndEachTrialIsARunWithItsSampledValues() {
        String run = baseRun(3);
        String random = start(study("random", 12, run, "{\"type\": \"none\"}", 7)).get("id").asString();
        JsonNode tpe = start(study("tpe", 12, run, "{\"type\": \"none\"}", 7));
        assertThat(tpe.get("status").asString()).isEqualTo("QUEUED");
        assertThat(tpe.get("objective").get("direction").asString()).isEqualTo("minimize");
        assertThat(tpe.get("startupTrials").asInt()).isEqualTo(3);

        for (String id : List.of(random, tpe.get("id").asString())) {
            JsonNode study = awaitStudy(id, Duration.ofMinutes(5));
            assertThat(study.get("status").asString()).as(study.toString()).isEqualTo("COMPLETED");
            assertThat(study.get("trials")).hasSize(12);
            assertThat(study.get("counts").get("SUCCEEDED").asInt()).isEqualTo(12);
            trialsMatchTheirRuns(study);
            double bestObjective = Double.POSITIVE_INFINITY;
            for (JsonNode t : study.get("trials")) {
                bestObjective = Math.min(bestObjective, t.get("objective").asDouble());
            }
            assertThat(study.get("bestTrial").get("objective").asDouble()).isEqualTo(bestObjective);
            assertThat(study.get("importance").properties()).extracting(java.util.Map.Entry::getKey)
                    .containsExactlyInAnyOrder("hyperparameters.optimizer.learningRate", "hyperparameters.batchSize",
                            "model.layers[0].units");
            double sum = 0;
            for (var e : study.get("importance").properties()) {
                sum += e.getValue().asDouble();
            }
            assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.001));

            KilnHttp.Answer csv = http().get("/api/v1/studies/" + id + "/trials?format=csv");
            assertThat(csv.status()).isEqualTo(200);
            assertThat(csv.contentType()).startsWith("text/csv");
            assertThat(http().get("/api/v1/studies/" + id + "/trials.csv").body()).isEqualTo(csv.body());
            List<String> lines = csv.body().lines().toList();
            assertThat(lines).hasSize(13);
            assertThat(lines.get(0)).isEqualTo("number,runId,state,objective,bestEpoch,epochs,prunedRung,reason,"
                    + "hyperparameters.optimizer.learningRate,hyperparameters.batchSize,model.layers[0].units");
            JsonNode runs = http().get("/api/v1/runs?size=100&filter=" + java.net.URLEncoder.encode("studyId = '" + id
                    + "' AND trialNumber >= 6", java.nio.charset.StandardCharsets.UTF_8)).json();
            assertThat(runs.get("page").get("totalElements").asInt()).isEqualTo(6);
        }
        JsonNode listed = http().get("/api/v1/studies?size=100").json();
        assertThat(listed.get("content")).extracting(s -> s.get("id").asString()).contains(random,
                tpe.get("id").asString());
    }

    @Test
    default void aGridEnumeratesExactlyItsProductWithConditionalParameters() {
        String run = baseRun(1);
        JsonNode created = start("""
                {"name": "grid", "run": %s, "objective": {"metric": "val_accuracy"}, "algorithm": "grid",
                 "space": {"hyperparameters.batchSize": {"choice": [16, 32]},
                           "model.layers[0].units": {"intUniform": [4, 8], "step": 4},
                           "hyperparameters.optimizer": {"choice": [
                               {"type": "adam", "learningRate": {"choice": [0.01, 0.001]}},
                               {"type": "sgd", "learningRate": 0.05, "momentum": 0.9}]}},
                 "parallelism": 3}""".formatted(run));
        assertThat(created.get("maxTrials").asInt()).as("a grid's budget is its size").isEqualTo(12);
        assertThat(created.get("objective").get("direction").asString()).isEqualTo("maximize");

        JsonNode study = awaitStudy(created.get("id").asString(), Duration.ofMinutes(5));

        assertThat(study.get("status").asString()).as(study.toString()).isEqualTo("COMPLETED");
        Set<String> combinations = new HashSet<>();
        for (JsonNode t : study.get("trials")) {
            JsonNode p = t.get("parameters");
            JsonNode optimizer = p.get("hyperparameters.optimizer");
            combinations.add(p.get("hyperparameters.batchSize").asInt() + "/" + p.get("model.layers[0].units").asInt()
                    + "/" + optimizer.get("type").asString() + "/" + optimizer.get("learningRate").asDouble());
            JsonNode spec = http().get("/api/v1/runs/" + t.get("runId").asString()).json().get("spec");
            assertThat(spec.get("optimizer").get("type").asString()).isEqualTo(optimizer.get("type").asString());
            assertThat(spec.get("optimizer").get("learningRate").asDouble())
                    .isEqualTo(optimizer.get("learningRate").asDouble());
        }
        List<String> expected = new ArrayList<>();
        for (int batch : new int[] {16, 32}) {
            for (int units : new int[] {4, 8}) {
                expected.add(batch + "/" + units + "/adam/0.01");
                expected.add(batch + "/" + units + "/adam/0.001");
                expected.add(batch + "/" + units + "/sgd/0.05");
            }
        }
        assertThat(combinations).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(study.get("trials")).hasSize(12);
    }

    @Test
    default void ashaStopsTrialsThatAreNotAmongTheBestAtARungAndKeepsTheirEpochs() {
        // batches of 4: epochs long enough (tens of ms) for a pruning decision to land before the trial has finished
        String run = baseRun(9).replace("\"batchSize\": 32", "\"batchSize\": 4");
        JsonNode created = start("""
                {"name": "asha", "run": %s, "objective": {"metric": "val_loss"}, "algorithm": "random",
                 "space": {"hyperparameters.optimizer.learningRate": {"logUniform": [0.00001, 0.1]}},
                 "pruner": {"type": "asha", "minEpochs": 1, "reductionFactor": 3}, "maxTrials": 6, "seed": 3}"""
                .formatted(run));
        assertThat(created.get("pruner").get("brackets").asInt()).isEqualTo(1);

        JsonNode study = awaitStudy(created.get("id").asString(), Duration.ofMinutes(5));

        assertThat(study.get("status").asString()).as(study.toString()).isEqualTo("COMPLETED");
        List<JsonNode> pruned = new ArrayList<>();
        study.get("trials").forEach(t -> {
            if (t.get("state").asString().equals("PRUNED")) {
                pruned.add(t);
            }
        });
        assertThat(pruned).as("trials pruned in %s", study).isNotEmpty();
        for (JsonNode t : pruned) {
            int rung = t.get("prunedRung").asInt();
            int rungEpoch = (int) Math.pow(3, rung);
            assertThat(t.get("reason").asString()).contains("rung " + rung).contains("val_loss");
            assertThat(t.get("epochs").asInt()).as("epochs kept").isBetween(rungEpoch, 8);
            String runId = t.get("runId").asString();
            assertThat(http().get("/api/v1/runs/" + runId).json().get("status").asString()).isEqualTo("CANCELLED");
            assertThat(http().get("/api/v1/runs/" + runId + "/logs").body()).contains("pruned by study");
        }
        assertThat(study.get("epochsTrained").asInt()).isLessThan(6 * 9);
        assertThat(study.get("trials").get(0).get("state").asString()).as("the first trial at a rung goes on")
                .isEqualTo("SUCCEEDED");
    }

    @Test
    default void cancellingAStudyStopsItsTrialsAndStartsNoMore() {
        String run = baseRun(3000);
        String id = start("""
                {"name": "long", "run": %s, "objective": {"metric": "val_loss"}, "algorithm": "random",
                 "space": {"hyperparameters.batchSize": {"choice": [16, 32]}}, "maxTrials": 10, "parallelism": 2}"""
                .formatted(run)).get("id").asString();
        await().atMost(Duration.ofMinutes(1)).until(() -> http().get("/api/v1/studies/" + id).json().get("trials")
                .findValues("state").stream().anyMatch(s -> s.asString().equals("RUNNING")));

        JsonNode base = http().get("/api/v1/studies/" + id).json().get("run");
        KilnHttp.Answer dataset = http().delete("/api/v1/datasets/" + base.get("datasetId").asString());
        assertThat(dataset.status()).as("a running study keeps its data").isEqualTo(409);
        assertThat(dataset.json().get("detail").asString()).contains("is in use"); // by its running trial, and the study
        assertThat(http().delete("/api/v1/models/" + base.get("modelId").asString()).status()).isEqualTo(409);

        assertThat(http().post("/api/v1/studies/" + id + "/cancel").status()).isEqualTo(202);
        JsonNode study = awaitStudy(id, Duration.ofMinutes(1));

        assertThat(study.get("status").asString()).isEqualTo("CANCELLED");
        assertThat(study.get("trials")).hasSize(2);
        for (JsonNode t : study.get("trials")) {
            assertThat(t.get("state").asString()).isEqualTo("CANCELLED");
            assertThat(http().get("/api/v1/runs/" + t.get("runId").asString()).json().get("status").asString())
                    .isEqualTo("CANCELLED");
        }
        KilnHttp.Answer again = http().post("/api/v1/studies/" + id + "/cancel");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.contentType()).startsWith("application/problem+json");
    }

    @Test
    default void theBestTrialRetrainsOnTrainAndValidationForItsBestEpochCount() {
        String run = baseRun(4);
        String id = start("""
                {"name": "retrain", "run": %s, "objective": {"metric": "val_loss"}, "algorithm": "random",
                 "space": {"hyperparameters.optimizer.learningRate": {"logUniform": [0.001, 0.05]}},
                 "maxTrials": 3, "parallelism": 3, "seed": 5}""".formatted(run)).get("id").asString();
        JsonNode study = awaitStudy(id, Duration.ofMinutes(3));
        JsonNode best = study.get("bestTrial");

        KilnHttp.Answer answer = http().post("/api/v1/studies/" + id + "/best/retrain");

        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        String runId = answer.json().get("runId").asString();
        assertThat(answer.headers().firstValue("Location")).hasValue("/api/v1/runs/" + runId);
        JsonNode retrained = http().awaitFinished(runId);
        assertThat(retrained.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(retrained.get("studyId").asString()).isEqualTo(id);
        assertThat(retrained.has("trialNumber") && !retrained.get("trialNumber").isNull()).isFalse();
        assertThat(retrained.get("spec").get("validationSplit").asDouble()).isZero();
        assertThat(retrained.get("spec").get("epochs").asInt()).isEqualTo(best.get("bestEpoch").asInt());
        assertThat(retrained.get("spec").get("optimizer").get("learningRate").asDouble())
                .isEqualTo(best.get("parameters").get("hyperparameters.optimizer.learningRate").asDouble());
        assertThat(retrained.get("tags").get("study.retrain").asString()).isEqualTo("best trial "
                + best.get("number").asInt());
    }
}
