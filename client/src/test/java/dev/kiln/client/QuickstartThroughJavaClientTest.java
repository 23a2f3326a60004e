package dev.kiln.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.kiln.client.api.DatasetsApi;
import dev.kiln.client.api.InferenceApi;
import dev.kiln.client.api.ModelsApi;
import dev.kiln.client.api.RunsApi;
import dev.kiln.client.model.Activation;
import dev.kiln.client.model.Adam;
import dev.kiln.client.model.Conv2d;
import dev.kiln.client.model.DatasetResponse;
import dev.kiln.client.model.Dense;
import dev.kiln.client.model.Flatten;
import dev.kiln.client.model.Hyperparameters;
import dev.kiln.client.model.ImportResponse;
import dev.kiln.client.model.MaxPool2d;
import dev.kiln.client.model.MetricsResponse;
import dev.kiln.client.model.ModelResponse;
import dev.kiln.client.model.ModelSpec;
import dev.kiln.client.model.PredictRequest;
import dev.kiln.client.model.Prediction;
import dev.kiln.client.model.Problem;
import dev.kiln.client.model.RunResponse;
import dev.kiln.client.model.RunStatus;
import dev.kiln.client.model.SubmitRun;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The README's quickstart through the Java client generated from Kiln's own OpenAPI document, unmodified: upload
 * CSVs, define a model, submit, poll, read JSON metrics, predict rows; then an image model to predict an image; the
 * artifact downloaded and imported again; a 404 and a 422 read as typed problems. No hand-written request.
 */
class QuickstartThroughJavaClientTest {
    private final ApiClient client = new ApiClient();
    private final DatasetsApi datasets;
    private final ModelsApi models;
    private final RunsApi runs;
    private final InferenceApi inference;

    QuickstartThroughJavaClientTest() {
        client.updateBaseUri(RunningKiln.url());
        String key = RunningKiln.key();
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + key));
        datasets = new DatasetsApi(client);
        models = new ModelsApi(client);
        runs = new RunsApi(client);
        inference = new InferenceApi(client);
    }

    private static File example(String name) {
        return RunningKiln.repository().resolve("examples/data").resolve(name).toFile();
    }

    private RunResponse awaitFinished(UUID run) {
        return await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(300))
                .until(() -> runs.getRun(run), r -> r.getStatus() == RunStatus.SUCCEEDED
                        || r.getStatus() == RunStatus.FAILED || r.getStatus() == RunStatus.CANCELLED);
    }

    @Test
    void runsTheQuickstartOnATableEndToEnd() throws Exception {
        DatasetResponse train = datasets.uploadDataset(example("iris_train.csv"), "iris-train", null, null);
        DatasetResponse test = datasets.uploadDataset(example("iris_test.csv"), "iris-test", null, null);
        ModelResponse model = models.createModel(new ModelSpec().name("iris-mlp")
                .addLayersItem(new Dense().units(64).activation(Activation.RELU))
                .addLayersItem(new Dense().units(3).activation(Activation.SOFTMAX)));

        RunResponse submitted = runs.submitRun(new SubmitRun().datasetId(train.getId()).modelId(model.getId())
                .target("target").testDatasetId(test.getId())
                .hyperparameters(new Hyperparameters().epochs(30).batchSize(16).seed(42L)
                        .optimizer(new Adam().learningRate(0.005))));
        RunResponse done = awaitFinished(submitted.getId());
        MetricsResponse metrics = runs.getRunMetrics(done.getId());
        List<Prediction> predictions = inference.predictRows(done.getId(), new PredictRequest().rows(List.of(
                Map.of("sepal_length_cm", 5.1, "sepal_width_cm", 3.5, "petal_length_cm", 1.4,
                        "petal_width_cm", 0.2)))).getPredictions();

        assertThat(model.getLayers()).hasSize(2).first().isInstanceOf(Dense.class);
        assertThat(done.getStatus()).as(String.valueOf(done.getError())).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(done.getSpec().getOptimizer()).isInstanceOf(Adam.class);
        assertThat(((Adam) done.getSpec().getOptimizer()).getLearningRate()).isEqualTo(0.005);
        assertThat(done.getMetrics()).containsKey("test_accuracy");
        assertThat(metrics.getEpochs()).hasSize(30);
        assertThat(metrics.getEpochs().get(29).getMetrics()).containsKeys("loss", "accuracy", "val_loss");
        assertThat(predictions).singleElement().satisfies(p -> {
            assertThat(p.getLabel()).isEqualTo("0");
            assertThat(p.getProbabilities()).containsOnlyKeys("0", "1", "2");
        });

        File artifact = inference.downloadModel(done.getId(), "zip");
        ImportResponse imported = inference.importModel(artifact);
        List<Prediction> again = inference.predictRows(imported.getRunId(), new PredictRequest().rows(List.of(
                Map.of("sepal_length_cm", 5.1, "sepal_width_cm", 3.5, "petal_length_cm", 1.4,
                        "petal_width_cm", 0.2)))).getPredictions();

        assertThat(imported.getStatus()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(again).isEqualTo(predictions);
    }

    @Test
    void trainsAnImageModelAndPredictsAnImage() throws Exception {
        Path subset = RunningKiln.repository().resolve("server/src/test/resources/fashion-mnist");
        DatasetResponse images = datasets.uploadIdxDataset(subset.resolve("train-images-idx3-ubyte.gz").toFile(),
                subset.resolve("train-labels-idx1-ubyte.gz").toFile(), "fashion", null, null,
                "T-shirt/top,Trouser,Pullover,Dress,Coat,Sandal,Shirt,Sneaker,Bag,Ankle boot");
        ModelResponse cnn = models.createModel(new ModelSpec().name("cnn")
                .addLayersItem(new Conv2d().filters(8).kernelSize(List.of(3, 3)).activation(Activation.RELU))
                .addLayersItem(new MaxPool2d())
                .addLayersItem(new Flatten())
                .addLayersItem(new Dense().units(10).activation(Activation.SOFTMAX)));
        RunResponse run = awaitFinished(runs.submitRun(new SubmitRun().datasetId(images.getId()).modelId(cnn.getId())
                .hyperparameters(new Hyperparameters().epochs(2).batchSize(64).seed(7L))).getId());

        File png = datasets.getDatasetImage(images.getId(), 0);
        List<Prediction> predicted = inference.predictImages(run.getId(), List.of(png)).getPredictions();

        assertThat(images.getImages().getChannels()).isEqualTo(1);
        assertThat(run.getStatus()).as(String.valueOf(run.getError())).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(predicted).singleElement().satisfies(p -> {
            assertThat(p.getProbabilities()).hasSize(10);
            assertThat(images.getImages().getClasses()).anySatisfy(c -> assertThat(c.getValue()).isEqualTo(p.getLabel()));
        });
    }

    @Test
    void readsNotFoundAndInvalidRequestsAsTypedProblems() throws Exception {
        ApiException missing = catchThrowableOfType(ApiException.class, () -> runs.getRun(UUID.randomUUID()));
        ApiException invalid = catchThrowableOfType(ApiException.class, () -> models.createModel(new ModelSpec()
                .name("bad").addLayersItem(new Dense().units(-3))));

        Problem notFound = client.getObjectMapper().readValue(missing.getResponseBody(), Problem.class);
        Problem unprocessable = client.getObjectMapper().readValue(invalid.getResponseBody(), Problem.class);
        assertThat(missing.getCode()).isEqualTo(404);
        assertThat(notFound.getStatus()).isEqualTo(404);
        assertThat(notFound.getType()).isEqualTo("urn:kiln:problem:not-found");
        assertThat(invalid.getCode()).isEqualTo(422);
        assertThat(unprocessable.getErrors()).anySatisfy(v -> {
            assertThat(v.getField()).isEqualTo("layers[0].units");
            assertThat(v.getMessage()).contains("greater than 0");
        });
    }
}
