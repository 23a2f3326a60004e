package dev.kiln.inference.onnx;

import static dev.kiln.inference.onnx.OnnxGraph.attr;
import static dev.kiln.inference.onnx.OnnxGraph.ints;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import dev.kiln.feature.FeatureEncoder;
import dev.kiln.feature.FeaturePipeline;
import dev.kiln.feature.ImageInput;
import java.util.ArrayList;
import java.util.List;

/**
 * A run's fitted preprocessing as ONNX nodes, so that the exported model takes what a caller has — a table's columns,
 * an image's pixels — and encodes it exactly as Kiln does: a numeric column as a double tensor [N, 1] (NaN for a
 * missing value) imputed, clipped and scaled in double precision as Kiln does, then cast to float; a categorical one
 * as a string tensor [N, 1] ("" for a missing value) one-hot or ordinal encoded over the stored vocabulary (unseen
 * values: all zeros, or −1); an image as float pixel values 0–255, [N, channels, height, width], scaled to [0, 1]
 * and standardized per channel when the run normalized; a text column as its vectorizer's output (ONNX has no
 * tokenizer to match Kiln's), float [N, width].
 */
final class OnnxPreprocessing {
    private OnnxPreprocessing() {}

    /** One input of the exported model, as its metadata describes it. */
    record Input(String name, String type, List<Long> shape, String encoding) {}

    /** Adds the inputs and their encoding; returns the name of the network's input value. */
    static String encode(FeaturePipeline pipeline, OnnxGraph graph, List<Input> inputs) {
        if (pipeline.images() != null) {
            return image(pipeline.images(), graph, inputs);
        }
        List<String> parts = new ArrayList<>();
        for (FeatureEncoder encoder : pipeline.features()) {
            String column = encoder.column();
            if (encoder instanceof FeatureEncoder.Numeric n) {
                graph.input(column, DataType.DOUBLE, OnnxGraph.BATCH, 1);
                inputs.add(new Input(column, "double", List.of(-1L, 1L), "numeric: NaN for a missing value; "
                        + n.impute().name().toLowerCase(java.util.Locale.ROOT) + " imputation, "
                        + n.scale().name().toLowerCase(java.util.Locale.ROOT) + " scaling"));
                parts.add(numeric(n, column, graph));
            } else if (encoder instanceof FeatureEncoder.OneHot h) {
                graph.input(column, DataType.STRING, OnnxGraph.BATCH, 1);
                inputs.add(new Input(column, "string", List.of(-1L, 1L), "categorical, one-hot over "
                        + h.categories().size() + " categories: \"\" for a missing value, unseen ones all zeros"));
                if (!h.categories().isEmpty()) {
                    parts.add(oneHot(h, column, graph));
                }
            } else if (encoder instanceof FeatureEncoder.Ordinal o) {
                graph.input(column, DataType.STRING, OnnxGraph.BATCH, 1);
                inputs.add(new Input(column, "string", List.of(-1L, 1L), "categorical, the category's index: "
                        + "\"\" for a missing value, unseen ones −1"));
                String index = graph.op(OnnxGraph.ML, "LabelEncoder", List.of(column), keys(o.categories(),
                        o.fill()), values(o.categories(), o.fill()), attr("default_int64", -1L));
                parts.add(graph.op("Cast", List.of(index), attr("to", (long) DataType.FLOAT_VALUE)));
            } else {
                FeatureEncoder.Text text = (FeatureEncoder.Text) encoder;
                graph.input(column, DataType.FLOAT, OnnxGraph.BATCH, text.width());
                inputs.add(new Input(column, "float", List.of(-1L, (long) text.width()), "text, as the run's "
                        + "vectorizer (kiln.preprocessing) outputs it: " + (text.options().outputMode()
                        == dev.kiln.feature.TextOptions.OutputMode.INT ? "token ids (0: padding at the end, 1: out of "
                        + "vocabulary, 2…: the vocabulary in its order)" : "one value per vocabulary entry after "
                        + "index 0 (out of vocabulary first)")));
                parts.add(column);
            }
        }
        return parts.size() == 1 ? parts.get(0) : graph.op("Concat", parts, attr("axis", 1L));
    }

    private static String numeric(FeatureEncoder.Numeric n, String column, OnnxGraph graph) {
        String missing = graph.op("IsNaN", List.of(column));
        String v = graph.op("Where", List.of(missing, graph.doubles("fill", new long[0], new double[] {n.fill()}),
                column));
        if (n.lower() != null) {
            v = graph.op("Max", List.of(v, graph.doubles("lower", new long[0], new double[] {n.lower()})));
        }
        if (n.upper() != null) {
            v = graph.op("Min", List.of(v, graph.doubles("upper", new long[0], new double[] {n.upper()})));
        }
        v = graph.op("Sub", List.of(v, graph.doubles("center", new long[0], new double[] {n.center()})));
        v = graph.op("Div", List.of(v, graph.doubles("divisor", new long[0], new double[] {n.divisor()})));
        return graph.op("Cast", List.of(v), attr("to", (long) DataType.FLOAT_VALUE));
    }

    /** The category's index, an extra index for unseen values, one-hot over both, the extra column dropped. */
    private static String oneHot(FeatureEncoder.OneHot h, String column, OnnxGraph graph) {
        int k = h.categories().size();
        String index = graph.op(OnnxGraph.ML, "LabelEncoder", List.of(column), keys(h.categories(), h.fill()),
                values(h.categories(), h.fill()), attr("default_int64", (long) k));
        String hot = graph.op("OneHot", List.of(index, graph.longs("depth", k + 1L),
                graph.floats("off_on", new long[] {2}, new float[] {0f, 1f})), attr("axis", -1L));
        String flat = graph.op("Reshape", List.of(hot, graph.longs("shape", -1L, k + 1L)));
        return graph.op("Slice", List.of(flat, graph.longs("starts", 0L), graph.longs("ends", k),
                graph.longs("axes", 1L)));
    }

    /** The categories, and "" (a missing value) when the run imputes one of them. */
    private static ai.onnx.proto.OnnxMl.AttributeProto keys(List<String> categories, String fill) {
        List<String> keys = new ArrayList<>(categories);
        if (fill != null && !categories.contains("")) {
            keys.add("");
        }
        return OnnxGraph.strings("keys_strings", keys);
    }

    private static ai.onnx.proto.OnnxMl.AttributeProto values(List<String> categories, String fill) {
        long[] values = new long[categories.size() + (fill != null && !categories.contains("") ? 1 : 0)];
        for (int c = 0; c < categories.size(); c++) {
            values[c] = c;
        }
        if (values.length > categories.size()) {
            values[categories.size()] = categories.indexOf(fill);
        }
        return ints("values_int64s", values);
    }

    private static String image(ImageInput images, OnnxGraph graph, List<Input> inputs) {
        graph.input("image", DataType.FLOAT, OnnxGraph.BATCH, images.channels(), images.height(), images.width());
        inputs.add(new Input("image", "float", List.of(-1L, (long) images.channels(), (long) images.height(),
                (long) images.width()), "pixel values 0–255, channels first, at the run's size and colour mode"
                + (images.normalized() ? "; standardized per channel as fitted on the training split" : "")));
        String x = graph.op("Div", List.of("image", graph.scalar("scale", 255f)));
        if (images.normalized()) {
            int c = images.channels();
            float[] mean = new float[c];
            float[] std = new float[c];
            for (int i = 0; i < c; i++) {
                mean[i] = images.mean().get(i).floatValue();
                std[i] = images.std().get(i).floatValue();
            }
            x = graph.op("Sub", List.of(x, graph.floats("mean", new long[] {1, c, 1, 1}, mean)));
            x = graph.op("Div", List.of(x, graph.floats("std", new long[] {1, c, 1, 1}, std)));
        }
        return x;
    }
}
