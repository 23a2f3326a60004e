package dev.kiln.inference;

import dev.kiln.access.Quotas;
import dev.kiln.access.Tenancy;
import dev.kiln.dataset.DatasetCatalog;
import dev.kiln.dataset.ImageSet;
import dev.kiln.dataset.Table;
import dev.kiln.feature.EncodedRows;
import dev.kiln.feature.FeaturePipeline;
import dev.kiln.feature.ImageInput;
import dev.kiln.feature.TargetEncoder;
import dev.kiln.metrics.Evaluation;
import dev.kiln.run.Run;
import dev.kiln.run.RunHistory;
import dev.kiln.run.RunStatus;
import dev.kiln.storage.BlobStore;
import dev.kiln.training.Scoring;
import dev.kiln.domain.Conflict;
import dev.kiln.domain.InvalidRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Service;

/**
 * The module's entry point: predictions from a SUCCEEDED run's model, with the run's fitted preprocessing applied
 * to the rows and the outputs mapped back to labels and units. Loaded networks are cached (see {@link ModelCache}).
 */
@Service
@EnableConfigurationProperties(InferenceSettings.class)
public class Inference {
    private final RunHistory runs;
    private final BlobStore blobs;
    private final ModelRuntime runtime;
    private final InferenceSettings settings;
    private final ModelCache cache;
    private final DatasetCatalog datasets;
    private final Tenancy tenancy;
    private final Quotas quotas;
    private final dev.kiln.telemetry.KilnMeters meters;

    Inference(RunHistory runs, BlobStore blobs, ModelRuntime runtime, InferenceSettings settings,
              DatasetCatalog datasets, Tenancy tenancy, Quotas quotas, dev.kiln.telemetry.KilnMeters meters) {
        this.meters = meters;
        this.tenancy = tenancy;
        this.quotas = quotas;
        this.runs = runs;
        this.datasets = datasets;
        this.blobs = blobs;
        this.runtime = runtime;
        this.settings = settings;
        this.cache = new ModelCache(settings.cacheSize(), settings.cacheMemory().toBytes(), meters::modelCache);
    }

    /** Predicts every row; a row's missing features are imputed as the run's preprocessing says. */
    public List<Prediction> predict(UUID runId, List<Map<String, Object>> rows) {
        return meters.timed("predict", () -> predictRows(runId, rows));
    }

    private List<Prediction> predictRows(UUID runId, List<Map<String, Object>> rows) {
        if (rows == null || rows.isEmpty()) {
            throw new InvalidRequest("rows", "send at least one row");
        }

        if (rows.size() > settings.maxRows()) {
            throw new InvalidRequest("rows", "at most " + settings.maxRows() + " rows per request "
                    + "(kiln.inference.max-rows); score a dataset with POST /runs/{id}/predictions instead");
        }
        return cached(runId).use(entry -> {
            quotas.consumePredictionRows(entry.model.projectId(), rows.size());
            if (entry.model.pipeline().images() != null) {
                throw new InvalidRequest("rows", "run " + runId + "'s model takes images: send them to this endpoint "
                        + "as multipart/form-data parts named 'image'");
            }
            Table table = RowTable.of(rows, entry.model.pipeline());
            int[] all = java.util.stream.IntStream.range(0, rows.size()).toArray();
            float[] features = entry.model.pipeline().encodeFeatures(table, all);
            float[] outputs = entry.network.predict(features, rows.size());
            requireFinite(outputs, rows.size());
            return predictions(entry.model, outputs, rows.size());
        });
    }

    /** What recommendations need of a finished rating or ranking run: its preprocessing and its network. */
    @FunctionalInterface
    public interface RecommenderUse<T> {
        T apply(dev.kiln.run.Task task, dev.kiln.model.ModelSpec spec, FeaturePipeline pipeline,
                ModelRuntime.LoadedNetwork network);
    }

    /**
     * Uses a SUCCEEDED rating or ranking run's network (cached as predictions' are); 422 naming {@code runId} for
     * any other run. A request counts as one prediction row against the project's quota.
     */
    public <T> T recommender(UUID runId, RecommenderUse<T> use) {
        return cached(runId).use(entry -> {
            if (!entry.model.task().isRecommendation() || entry.model.pipeline().interactions() == null) {
                throw new InvalidRequest("runId", "run " + runId + " is a " + entry.model.task().json() + " run; "
                        + "recommendations come from a rating or ranking run");
            }
            quotas.consumePredictionRows(entry.model.projectId(), 1);
            return use.apply(entry.model.task(), entry.model.spec(), entry.model.pipeline(), entry.network);
        });
    }

    /** A SUCCEEDED run's model as explanations use it: definition, task, fitted preprocessing and loaded network. */
    public record UsedModel(UUID runId, dev.kiln.model.ModelSpec spec, dev.kiln.run.Task task, FeaturePipeline pipeline,
                            ModelRuntime.LoadedNetwork network) {
        /** The class labels of a classifier, in output order; empty for a regression. */
        public List<String> labels() {
            return pipeline.target() instanceof TargetEncoder.Classes c ? c.labels() : List.of();
        }
    }

    /**
     * Uses a SUCCEEDED run's network (cached as predictions' are): 409 for a run without a model, 404 for another
     * project's. {@code rows} count against the project's prediction quota.
     */
    public <T> T use(UUID runId, int rows, java.util.function.Function<UsedModel, T> use) {
        return cached(runId).use(entry -> {
            if (rows > 0) {
                quotas.consumePredictionRows(entry.model.projectId(), rows);
            }
            return use.apply(new UsedModel(runId, entry.model.spec(), entry.model.task(), entry.model.pipeline(),
                    entry.network));
        });
    }

    /** Refuses rows whose outputs overflowed (values far outside anything the model saw), naming them. */
    private static void requireFinite(float[] outputs, int rows) {
        int width = outputs.length / rows;
        List<dev.kiln.domain.Violation> violations = new ArrayList<>();
        for (int r = 0; r < rows && violations.size() < 50; r++) {
            for (int c = 0; c < width; c++) {
                if (!Float.isFinite(outputs[r * width + c])) {
                    violations.add(new dev.kiln.domain.Violation("rows[" + r + "]", "the model's output is not a "
                            + "finite number for these values: they lie far outside the data it was trained on"));
                    break;
                }
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequest(violations);
        }
    }

    /** An uploaded image: its file name (for messages) and its bytes. */
    public record ImageUpload(String name, byte[] content) {}

    /**
     * Predicts every image: each is decoded and brought to the model's size and colors as its training images were
     * (422 naming {@code image[i]} when it cannot be read), scaled as the run's preprocessing says.
     */
    public List<Prediction> predictImages(UUID runId, List<ImageUpload> images) {
        return meters.timed("images", () -> predictImageList(runId, images));
    }

    private List<Prediction> predictImageList(UUID runId, List<ImageUpload> images) {
        checkImages(images, settings.maxRows(), "(kiln.inference.max-rows); score an image dataset with POST "
                + "/runs/{id}/predictions instead");
        return cached(runId).use(entry -> {
            quotas.consumePredictionRows(entry.model.projectId(), images.size());
            ImageInput input = entry.model.pipeline().images();
            if (input == null) {
                throw new InvalidRequest("image", "run " + runId + "'s model takes rows of columns, not images: POST "
                        + "application/json {\"rows\": [{column: value}, …]}");
            }
            byte[] pixels = decodeImages(images, input);
            float[] outputs = entry.network.predict(input.encode(pixels, images.size()), images.size());
            return predictions(entry.model, outputs, images.size());
        });
    }

    /**
     * Refuses a request without images or with more than {@code most} (422 naming {@code image}, {@code why} said
     * after the limit), and any image over {@code kiln.inference.max-image-size} (413 naming it).
     */
    public void checkImages(List<ImageUpload> images, int most, String why) {
        if (images == null || images.isEmpty()) {
            throw new InvalidRequest("image", "send at least one image as a multipart part named 'image'");
        }
        if (images.size() > most) {
            throw new InvalidRequest("image", "at most " + most + " images per request " + why);
        }
        for (int i = 0; i < images.size(); i++) {
            if (images.get(i).content().length > settings.maxImageSize().toBytes()) {
                throw new dev.kiln.domain.PayloadTooLarge("image[" + i + "] (" + images.get(i).name() + ") is larger than "
                        + settings.maxImageSize().toMegabytes() + " MB (kiln.inference.max-image-size)");
            }
        }
    }

    /**
     * The images decoded and brought to the model's size and colours as its training images were, one after another
     * ({@code input.size()} bytes each); 422 naming {@code image[i]} for one that cannot be read.
     */
    public byte[] decodeImages(List<ImageUpload> images, ImageInput input) {
        var shape = new dev.kiln.dataset.ImageShape(input.channels(), input.height(), input.width());
        byte[] pixels = new byte[images.size() * input.size()];
        for (int i = 0; i < images.size(); i++) {
            byte[] image = datasets.decodeImage(images.get(i).content(), shape, "image[" + i + "]");
            System.arraycopy(image, 0, pixels, i * input.size(), input.size());
        }
        return pixels;
    }

    /** Raw outputs of images stored at the model's shape, converted and run in chunks that bound their memory. */
    float[] imageOutputs(UUID runId, ImageInput input, byte[] pixels, int count) {
        int chunk = Math.max(1, (1 << 22) / input.size());
        float[] outputs = null;
        for (int from = 0; from < count; from += chunk) {
            int rows = Math.min(chunk, count - from);
            byte[] part = java.util.Arrays.copyOfRange(pixels, from * input.size(), (from + rows) * input.size());
            float[] out = outputs(runId, input.encode(part, rows), rows);
            if (outputs == null) {
                outputs = new float[count * (out.length / rows)];
            }
            System.arraycopy(out, 0, outputs, from * (out.length / rows), out.length);
        }
        return outputs;
    }

    /** Raw outputs for already-encoded rows (batch scoring and evaluation). */
    float[] outputs(UUID runId, float[] features, int rows) {
        return cached(runId).use(entry -> entry.network.predict(features, rows));
    }

    /** The trained parameters of a SUCCEEDED run's network, in the network's order (for exports). */
    List<ModelRuntime.Weights> parameters(UUID runId) {
        return cached(runId).use(entry -> entry.network.parameters());
    }

    /** The run's model (definition and fitted preprocessing); 409 unless the run SUCCEEDED with a model. */
    TrainedModel trainedModel(UUID runId) {
        Run run = runs.get(runId);
        if (run.getStatus() != RunStatus.SUCCEEDED || run.getModel().isEmpty()) {
            throw new Conflict("run " + runId + " is " + run.getStatus() + "; only a SUCCEEDED run has a model to use");
        }
        var spec = run.getModelSpec().orElseThrow(() -> new Conflict("run " + runId
                + "'s model definition was deleted before Kiln kept a copy of it with the run"));
        return new TrainedModel(run.getProjectId(), spec, run.getTask(), run.getPreprocessing());
    }

    /** The run's loaded network, if the caller may use it: a cached network is another project's all the same. */
    private ModelCache.Entry cached(UUID runId) {
        ModelCache.Entry entry = cache.get(runId, this::load);
        if (!tenancy.scope().allows(entry.model.projectId())) {
            throw new dev.kiln.domain.NotFound("run", runId);
        }
        return entry;
    }

    private ModelCache.Entry load(UUID runId) {
        TrainedModel model = trainedModel(runId);
        var parameters = runs.get(runId).getModel().orElseThrow();
        var network = runtime.load(model.spec(), model.task(), model.classes(), model.pipeline().layout(),
                () -> blobs.read(parameters.key(), parameters.sha256()));
        return new ModelCache.Entry(network, model);
    }

    static List<Prediction> predictions(TrainedModel model, float[] outputs, int rows) {
        return predictions(model.pipeline(), outputs, rows);
    }

    /** Predictions from raw outputs: labels with every class's probability, or values in the target's units. */
    public static List<Prediction> predictions(FeaturePipeline pipeline, float[] outputs, int rows) {
        List<Prediction> predictions = new ArrayList<>(rows);
        if (pipeline.target() instanceof TargetEncoder.Standardized s) {
            // a rating run's predictions stay within the ratings it learned from
            var interactions = pipeline.interactions();
            double[] range = interactions == null ? null : interactions.ratingRange();
            for (int r = 0; r < rows; r++) {
                double value = outputs[r] * s.std() + s.mean();
                predictions.add(new Prediction(null, null, range == null ? value
                        : Math.max(range[0], Math.min(range[1], value))));
            }
            return predictions;
        }
        List<String> labels = ((TargetEncoder.Classes) pipeline.target()).labels();
        double[][] probabilities = Scoring.probabilities(outputs, outputs.length / rows);
        for (double[] row : probabilities) {
            Map<String, Double> byLabel = new LinkedHashMap<>();
            if (row.length == 1) {
                byLabel.put(labels.get(0), 1 - row[0]);
                byLabel.put(labels.get(1), row[0]);
            } else {
                for (int c = 0; c < row.length; c++) {
                    byLabel.put(labels.get(c), row[c]);
                }
            }
            String best = byLabel.entrySet().stream().reduce((a, b) -> b.getValue() > a.getValue() ? b : a)
                    .orElseThrow().getKey();
            predictions.add(new Prediction(best, byLabel, null));
        }
        return predictions;
    }

    /** Every metric the run records, and a classifier's confusion matrix, on {@code rows} that carry the target. */
    Evaluated evaluate(UUID runId, Table table, int[] rows) {
        TrainedModel model = trainedModel(runId);
        EncodedRows encoded = model.pipeline().encode(table, rows);
        if (encoded.rows() == 0) {
            throw new InvalidRequest("datasetId", "the dataset has no row with a known value in the target column");
        }
        float[] outputs = outputs(runId, encoded.features(), encoded.rows());
        var metrics = runs.get(runId).getSpec().metrics();
        double scale = model.pipeline().target() instanceof TargetEncoder.Standardized s ? s.std() : 1.0;
        Map<String, Double> values = new LinkedHashMap<>(Scoring.score(metrics, model.task(), outputs,
                outputs.length / encoded.rows(), encoded.targets(), scale));
        Evaluation evaluation = model.task().isClassification()
                ? Scoring.evaluate(outputs, outputs.length / encoded.rows(), encoded.targets(), model.labels()) : null;
        return new Evaluated(encoded.rows(), values, evaluation);
    }

    /** Every metric the run records, and the confusion matrix, on images whose class indices are {@code targets}. */
    Evaluated evaluateImages(UUID runId, TrainedModel model, ImageSet images, float[] targets) {
        float[] outputs = imageOutputs(runId, model.pipeline().images(), images.pixels(), images.count());
        var metrics = runs.get(runId).getSpec().metrics();
        int width = outputs.length / images.count();
        Map<String, Double> values = new LinkedHashMap<>(Scoring.score(metrics, model.task(), outputs, width, targets,
                1.0));
        return new Evaluated(images.count(), values, Scoring.evaluate(outputs, width, targets, model.labels()));
    }

    record Evaluated(int rows, Map<String, Double> metrics, Evaluation evaluation) {}

    /** Forgets a run's loaded network (its model changed or was deleted). */
    public void evict(UUID runId) {
        cache.invalidate(runId);
    }

    int cachedModels() {
        return cache.size();
    }
}
