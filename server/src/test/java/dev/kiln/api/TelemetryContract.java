package dev.kiln.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.support.Access;
import dev.kiln.support.KilnHttp;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Kiln's own meters on /actuator/prometheus after a run and a prediction, with bounded labels. */
public interface TelemetryContract {
    Pattern SAMPLE = Pattern.compile("^(kiln_[a-z_]+)(\\{([^}]*)})? (\\S+)$", Pattern.MULTILINE);
    Pattern LABEL = Pattern.compile("([a-z_]+)=\"([^\"]*)\"");
    Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    Set<String> BOUNDED = Set.of("task", "outcome", "status", "kind", "result", "kiln_instance", "le");

    KilnHttp http();

    @Test
    default void aRunAndAPredictionShowInPrometheusWithBoundedLabels() {
        String iris = http().uploadId("iris_train.csv");
        String model = http().createModel(BadInputContract.GOOD_MODEL);
        String run = http().submitRun("""
                {"datasetId": "%s", "modelId": "%s", "target": "target", "hyperparameters": {"epochs": 3}}"""
                .formatted(iris, model));
        assertThat(http().awaitFinished(run).get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(http().postJson("/api/v1/runs/" + run + "/predict", Map.of("rows", java.util.List.of(Map.of(
                "sepal_length_cm", 5.1, "sepal_width_cm", 3.5, "petal_length_cm", 1.4, "petal_width_cm", 0.2)))).status())
                .isEqualTo(200);
        KilnHttp metrics = Access.key(http(), Access.project(http(), "ops-" + run.substring(0, 8)), "metrics");

        Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                metrics.get("/actuator/prometheus").body()).contains("kiln_runs{").contains("status=\"succeeded\""));
        String body = metrics.get("/actuator/prometheus").body();

        assertThat(body).contains("kiln_runs_started_total{").contains("kiln_runs_finished_total{")
                .containsPattern("kiln_runs_finished_total\\{[^}]*outcome=\"succeeded\"[^}]*task=\"multiclass\"")
                .contains("kiln_runs_queue_time_seconds_count{")
                .contains("kiln_epoch_duration_seconds_bucket{")
                .contains("kiln_epoch_samples_per_second_count{")
                .contains("kiln_checkpoint_write_time_seconds_count{")
                .containsPattern("kiln_prediction_latency_seconds_count\\{[^}]*kind=\"predict\"")
                .containsPattern("kiln_model_cache_total\\{[^}]*result=\"miss\"")
                .contains("kiln_datasets_stored_bytes{");
        Set<String> labels = new TreeSet<>();
        Matcher sample = SAMPLE.matcher(body);
        int samples = 0;
        while (sample.find()) {
            samples++;
            Matcher label = LABEL.matcher(sample.group(3) == null ? "" : sample.group(3));
            while (label.find()) {
                labels.add(label.group(1));
                assertThat(label.group(2)).as("label %s of %s", label.group(1), sample.group(1))
                        .doesNotContainPattern(ID);
            }
        }
        assertThat(samples).isGreaterThan(20);
        assertThat(labels).as("the label names of Kiln's meters").isSubsetOf(BOUNDED).contains("kiln_instance");
    }
}
