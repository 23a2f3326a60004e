package dev.kiln.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.support.KilnHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Keras model JSON over HTTP, as Keras wrote it (files from public sources: keras/PROVENANCE.md): accepted by its shape
 * or by {@code application/vnd.keras+json}, traced to Keras's parameter counts, trained on real images, and written
 * back as Keras JSON that reads in as the same definition. Implemented once per database.
 */
public interface KerasContract {
    KilnHttp http();

    static String keras(String name) {
        try {
            return Files.readString(Path.of("src/test/resources/keras", name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String fashion(String split, Map<String, String> fields) {
        Path subset = Path.of("src/test/resources/fashion-mnist");
        try {
            KilnHttp.Answer answer = http().multipart("/api/v1/datasets", List.of(
                    new KilnHttp.Part("images", split + "-images.gz", Files.readAllBytes(subset.resolve(split
                            + "-images-idx3-ubyte.gz"))),
                    new KilnHttp.Part("labels", split + "-labels.gz", Files.readAllBytes(subset.resolve(split
                            + "-labels-idx1-ubyte.gz")))), fields);
            assertThat(answer.status()).as(answer.body()).isEqualTo(201);
            return answer.id();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private KilnHttp.Answer create(String json, String contentType) {
        return http().call("POST", "/api/v1/models", Map.of("Content-Type", contentType), json);
    }

    private void trainsOneEpoch(String dataset, String model) {
        String run = http().submitRun("""
                {"datasetId": "%s", "modelId": "%s", "hyperparameters": {"epochs": 1, "seed": 1}}"""
                .formatted(dataset, model));
        JsonNode done = http().awaitFinished(run);
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(done.get("metrics").get("loss").asDouble()).isFinite();
    }

    /** GET it as Keras JSON, POST that back: the same layers. */
    private void roundTrips(String model, String path) {
        KilnHttp.Answer exported = http().get("/api/v1/models/" + model + path);
        assertThat(exported.status()).as(exported.body()).isEqualTo(200);
        assertThat(exported.json().get("class_name").asString()).isIn("Sequential", "Functional");
        KilnHttp.Answer again = create(exported.body(), "application/json");
        assertThat(again.status()).as(again.body()).isEqualTo(201);
        assertThat(again.json().get("layers")).isEqualTo(http().get("/api/v1/models/" + model).json().get("layers"));
    }

    @Test
    default void aKeras2SequentialCnnTracesToKerasCountTrainsAndRoundTrips() {
        KilnHttp.Answer created = create(keras("keras2_0_6_mnist_cnn_sequential.json"), "application/json");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String model = created.id();
        String images = fashion("test", Map.of());

        JsonNode check = http().post("/api/v1/models/" + model + "/check?datasetId=" + images).json();

        assertThat(check.get("parameters").asLong()).as("Keras's count for mnist_cnn.py").isEqualTo(1_199_882);
        assertThat(created.json().get("layers").get(0).get("type").asString()).isEqualTo("input");
        assertThat(created.json().get("layers").get(0).get("shape").toString()).isEqualTo("[1,28,28]");
        trainsOneEpoch(images, model);
        roundTrips(model, "?format=keras");
    }

    @Test
    default void aKeras3FunctionalResNetIsAcceptedAsKerasJsonAndTrainsOnRgbImages() {
        KilnHttp.Answer created = create(keras("keras3_toy_resnet_functional.json"), "application/vnd.keras+json");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String model = created.id();
        String images = fashion("test", Map.of("imageSize", "32", "colorMode", "rgb"));

        JsonNode check = http().post("/api/v1/models/" + model + "/check?inputShape=3,32,32").json();

        assertThat(check.get("parameters").asLong()).as("Keras's count_params").isEqualTo(223_242);
        assertThat(check.get("layers").valueStream().filter(l -> l.get("type").asString().equals("add")))
                .hasSize(2).allSatisfy(add -> assertThat(add.get("inputs")).hasSize(2));
        trainsOneEpoch(images, model);
        roundTrips(model, "/keras");
    }

    @Test
    default void aKeras2FunctionalModelWithTwoInputsRoundTrips() {
        KilnHttp.Answer created = create(keras("keras2_1_5_simple_add_functional.json"), "application/json");
        assertThat(created.status()).as(created.body()).isEqualTo(201);

        assertThat(created.json().get("layers").valueStream().filter(l -> l.get("type").asString().equals("input")))
                .extracting(l -> l.get("name").asString()).containsExactly("input_3", "input_4");
        roundTrips(created.id(), "/keras");
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0} is refused naming {1}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "keras2_imdb_lstm_sequential.json | config[1] | LSTM 'lstm_1': recurrent_activation hard_sigmoid; Kiln's recurrent layers use sigmoid",
            "keras2_2_0_dual_res_two_outputs.json | config.output_layers | 2 outputs"})
    default void aKerasModelKilnCannotTrainIsRefusedNamingTheKerasLayer(String file, String field, String reason) {
        long models = http().get("/api/v1/models").json().get("page").get("totalElements").asLong();

        KilnHttp.Answer refused = create(keras(file), "application/vnd.keras+json");

        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.json().get("errors")).anySatisfy(error -> {
            assertThat(error.get("field").asString()).isEqualTo(field);
            assertThat(error.get("message").asString()).contains(reason);
        });
        assertThat(http().get("/api/v1/models").json().get("page").get("totalElements").asLong()).isEqualTo(models);
    }
}
