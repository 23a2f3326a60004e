package dev.kiln.explain;

import dev.kiln.domain.InvalidRequest;
import dev.kiln.feature.FeaturePipeline;
import dev.kiln.feature.ImageInput;
import dev.kiln.feature.TargetEncoder;
import dev.kiln.inference.Inference;
import dev.kiln.inference.ModelRuntime;
import dev.kiln.inference.Prediction;
import dev.kiln.inference.RowTable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * Attributions per prediction: integrated gradients from the run's baseline to each row (or image), of the
 * predicted class's probability (or the class asked for), or of a regression's value in the target's units.
 */
@Service
public class Explainer {
    /** The most rows, or images, one request may explain: each costs {@code steps + 2} passes forward and back. */
    public static final int MAX_ROWS = 1000;

    private final Inference inference;

    Explainer(Inference inference) {
        this.inference = inference;
    }

    /** What was attributed for one row or image, and how far the attributions miss their sum. */
    @Schema(name = "Attributed")
    public record Attributed(Prediction prediction,
                             @Schema(description = "the class whose probability is attributed; null for a "
                                     + "regression, whose value (in the target's units) is") @Nullable String target,
                             @Schema(description = "f(x): the attributed value at the input") double value,
                             @Schema(description = "f(baseline)") double baselineValue,
                             @Schema(description = "Σ attributions − (f(x) − f(baseline)): the integration's "
                                     + "error; more steps make it smaller") double completenessGap,
                             @Schema(description = "|completenessGap| / |f(x) − f(baseline)|; null when f(x) = f(baseline) but the gap is not 0")
                             @Nullable Double relativeGap) {}

    /** One row's explanation: its prediction and each column's attribution. */
    @Schema(name = "RowExplanation")
    public record RowExplanation(Attributed explained, List<ColumnAttributions.Column> attributions) {}

    /** One image's explanation: its prediction and the attribution of each pixel (summed over channels). */
    @Schema(name = "ImageExplanation")
    public record ImageExplanation(Attributed explained,
                                   @Schema(description = "rows of pixels, height × width") float[][] attributions) {}

    /** The options as they applied (defaults resolved for the run's task), and one explanation per row. */
    public record Rows(ExplainOptions options, List<RowExplanation> explanations) {}

    /** The options as they applied, and one explanation per image. */
    public record ImagesExplained(ExplainOptions options, List<ImageExplanation> explanations) {}

    /** Explains each row (JSON objects of column: value, as predictions take them). */
    public Rows explainRows(UUID runId, List<Map<String, Object>> rows, ExplainOptions options) {
        if (rows == null || rows.isEmpty()) {
            throw new InvalidRequest("rows", "send at least one row");
        }
        if (rows.size() > MAX_ROWS) {
            throw new InvalidRequest("rows", "at most " + MAX_ROWS + " rows per request");
        }
        return inference.use(runId, rows.size(), model -> {
            FeaturePipeline pipeline = model.pipeline();
            if (pipeline.images() != null) {
                throw new InvalidRequest("rows", "run " + runId + "'s model takes images: send them as multipart "
                        + "parts named 'image'");
            }
            float[] x = pipeline.encodeFeatures(RowTable.of(rows, pipeline),
                    IntStream.range(0, rows.size()).toArray());
            float[] baseline = switch (options.baseline()) {
                case ZEROS -> new float[pipeline.width()];
                case TRAINING_MEAN -> {
                    if (pipeline.trainingMeans() == null) {
                        throw new InvalidRequest("baseline", "run " + runId + " was trained before Kiln kept the "
                                + "training means; use \"zeros\"");
                    }
                    yield pipeline.trainingMeans();
                }
            };
            boolean[] embedded = ColumnAttributions.embedded(model.spec(), pipeline.layout());
            Explained explained = explain(model, x, rows.size(), baseline, embedded, options);
            List<RowExplanation> answers = new ArrayList<>(rows.size());
            for (int r = 0; r < rows.size(); r++) {
                answers.add(new RowExplanation(explained.attributed().get(r), ColumnAttributions.of(pipeline, x,
                        explained.result().attributions(), r, explained.scale())));
            }
            return new Rows(explained.options(), answers);
        });
    }

    /** Explains each image; the images are decoded and resized as predictions' are. */
    public ImagesExplained explainImages(UUID runId, List<Inference.ImageUpload> images, ExplainOptions options) {
        Images explained = explainImageInputs(runId, images, options);
        return new ImagesExplained(explained.options(), explained.answers());
    }

    /** One image's attribution map drawn over it, as a PNG (see {@link Heatmap}). */
    public byte[] heatmap(UUID runId, Inference.ImageUpload image, ExplainOptions options) {
        Images explained = explainImageInputs(runId, List.of(image), options);
        return Heatmap.png(explained.input(), explained.pixels(), 0, explained.answers().get(0).attributions());
    }

    /** The explanations of images with the decoded pixels, for drawing heatmaps. */
    record Images(ExplainOptions options, ImageInput input, byte[] pixels, List<ImageExplanation> answers) {}

    Images explainImageInputs(UUID runId, List<Inference.ImageUpload> images, ExplainOptions options) {
        inference.checkImages(images, MAX_ROWS, "(each costs steps + 2 passes forward and back)");
        return inference.use(runId, images.size(), model -> {
            ImageInput input = model.pipeline().images();
            if (input == null) {
                throw new InvalidRequest("image", "run " + runId + "'s model takes rows of columns, not images: "
                        + "POST application/json {\"rows\": [{column: value}, …]}");
            }
            byte[] pixels = inference.decodeImages(images, input);
            float[] baseline = switch (options.baseline()) {
                case ZEROS -> input.encode(new byte[input.size()], 1);
                case TRAINING_MEAN -> {
                    if (!input.normalized()) {
                        throw new InvalidRequest("baseline", "run " + runId + " did not standardize its pixels, so it "
                                + "kept no training mean; use \"zeros\" (a black image)");
                    }
                    yield new float[input.size()];
                }
            };
            float[] x = input.encode(pixels, images.size());
            Explained explained = explain(model, x, images.size(), baseline, null, options);
            int plane = input.height() * input.width();
            List<ImageExplanation> answers = new ArrayList<>(images.size());
            for (int i = 0; i < images.size(); i++) {
                float[][] map = new float[input.height()][input.width()];
                for (int c = 0; c < input.channels(); c++) {
                    for (int p = 0; p < plane; p++) {
                        map[p / input.width()][p % input.width()] += explained.result().attributions()[
                                i * input.size() + c * plane + p];
                    }
                }
                answers.add(new ImageExplanation(explained.attributed().get(i), map));
            }
            return new Images(explained.options(), input, pixels, answers);
        });
    }

    private record Explained(ExplainOptions options, IntegratedGradients.Result result, List<Attributed> attributed,
                             double scale) {}

    /** Predicts, resolves what is attributed per row, integrates, and states each row's completeness. */
    private static Explained explain(Inference.UsedModel model, float[] x, int rows, float[] baseline,
                                     boolean @Nullable [] embedded, ExplainOptions requested) {
        FeaturePipeline pipeline = model.pipeline();
        ExplainOptions options = requested.forTask(pipeline.isClassification());
        float[] outputs = model.network().predict(x, rows);
        List<Prediction> predictions = Inference.predictions(pipeline, outputs, rows);
        List<String> labels = model.labels();
        int[] targets = new int[rows];
        double scale = 1.0;
        double shift = 0.0;
        ModelRuntime.Readout readout;
        if (pipeline.target() instanceof TargetEncoder.Standardized s) {
            if (options.target() != null) {
                throw new InvalidRequest("target", "applies to classifiers; run " + model.runId() + " is a "
                        + model.task().json() + " run, whose value is attributed");
            }
            readout = ModelRuntime.Readout.VALUE;
            scale = s.std();
            shift = s.mean();
        } else {
            readout = options.output() == ExplainOptions.Output.LOGIT ? ModelRuntime.Readout.LOGIT
                    : ModelRuntime.Readout.PROBABILITY;
            if (options.target() != null && !labels.contains(options.target())) {
                throw new InvalidRequest("target", "unknown class '" + options.target() + "'; the run's classes are "
                        + String.join(", ", labels.size() > 20 ? labels.subList(0, 20) : labels));
            }
            for (int r = 0; r < rows; r++) {
                targets[r] = labels.indexOf(options.target() != null ? options.target()
                        : predictions.get(r).label());
            }
        }
        var result = IntegratedGradients.attribute(model.network(), x, rows, baseline, embedded, targets, readout,
                options.steps());
        int width = baseline.length;
        List<Attributed> attributed = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            double sum = 0;
            for (int j = 0; j < width; j++) {
                sum += result.attributions()[r * width + j];
            }
            double change = result.values()[r] - result.baselineValues()[r];
            double gap = sum - change;
            attributed.add(new Attributed(predictions.get(r), readout == ModelRuntime.Readout.VALUE ? null
                    : labels.get(targets[r]), result.values()[r] * scale + shift,
                    result.baselineValues()[r] * scale + shift, gap * scale,
                    change == 0 ? (gap == 0 ? Double.valueOf(0) : null) : Double.valueOf(Math.abs(gap / change))));
        }
        return new Explained(options, result, attributed, scale);
    }
}
