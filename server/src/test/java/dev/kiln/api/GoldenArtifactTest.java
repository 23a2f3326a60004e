package dev.kiln.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.kiln.support.OnH2;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A model artifact of layout version 1, written by Kiln and committed, keeps importing and predicting what it
 * predicted when it was written ({@code golden/model-v1-predictions.json}).
 */
class GoldenArtifactTest extends OnH2 {

    @Test
    void aVersionOneArtifactStillImportsAndPredictsTheSame() throws Exception {
        byte[] artifact = Files.readAllBytes(Path.of("src/test/resources/golden/model-v1.zip"));
        JsonNode expected = JsonMapper.builder().build()
                .readTree(Files.readString(Path.of("src/test/resources/golden/model-v1-predictions.json")));

        var imported = http.uploadTo("/api/v1/models/import", "model-v1.zip", artifact);
        assertThat(imported.status()).as(imported.body()).isEqualTo(201);
        String run = imported.json().get("runId").asString();
        JsonNode predictions = http.postJson("/api/v1/runs/" + run + "/predict", Map.of("rows", List.of(
                Map.of("sepal_length_cm", 5.1, "sepal_width_cm", 3.5, "petal_length_cm", 1.4, "petal_width_cm", 0.2),
                Map.of("sepal_length_cm", 6.7, "sepal_width_cm", 3.0, "petal_length_cm", 5.2, "petal_width_cm", 2.3),
                Map.of("sepal_length_cm", 5.9)))).json().get("predictions");

        for (int i = 0; i < 3; i++) {
            JsonNode want = expected.get("predictions").get(i);
            JsonNode got = predictions.get(i);
            assertThat(got.get("label").asString()).isEqualTo(want.get("label").asString());
            for (String label : List.of("0", "1", "2")) {
                assertThat(got.get("probabilities").get(label).asDouble())
                        .isCloseTo(want.get("probabilities").get(label).asDouble(), within(1e-6));
            }
        }
    }
}
