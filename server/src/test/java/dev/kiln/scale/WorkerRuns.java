package dev.kiln.scale;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.support.KilnHttp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** What the multi-worker tests share: the slow model and data they train, how they submit, and reading histories. */
final class WorkerRuns {
    static final String SLOW_MODEL = """
            {"name": "slow", "layers": [{"type": "dense", "units": 256, "activation": "relu"},
             {"type": "dense", "units": 256, "activation": "relu"},
             {"type": "dense", "units": 1, "activation": "sigmoid"}]}""";

    private WorkerRuns() {}

    /** The slow model's id and a 24,000-row synthetic dataset's id, made on {@code http}. */
    static String[] modelAndDataset(KilnHttp http) {
        String model = http.createModel(SLOW_MODEL);
        var upload = http.upload("synthetic.csv", SyntheticData.csv(24_000, 1), Map.of());
        assertThat(upload.status()).as(upload.body()).isEqualTo(201);
        return new String[] {model, upload.id()};
    }

    static String submit(KilnHttp http, String dataset, String model, int epochs, int batchSize) {
        return http.submitRun("""
                {"datasetId": "%s", "modelId": "%s", "target": "label",
                 "hyperparameters": {"epochs": %d, "batchSize": %d, "validationSplit": 0.1, "seed": 5}}"""
                .formatted(dataset, model, epochs, batchSize));
    }

    static List<String> statuses(JsonNode run) {
        List<String> statuses = new ArrayList<>();
        run.get("history").forEach(h -> statuses.add(h.get("status").asString()));
        return statuses;
    }

    /** The instances that started (or resumed) the run, in order. */
    static List<String> runningOn(JsonNode run) {
        List<String> instances = new ArrayList<>();
        run.get("history").forEach(h -> {
            if (h.get("status").asString().equals("RUNNING")) {
                instances.add(h.get("instance").asString());
            }
        });
        return instances;
    }
}
