package dev.kiln.inference.onnx;

import static dev.kiln.inference.onnx.OnnxGraph.attr;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import dev.kiln.domain.InvalidRequest;
import dev.kiln.feature.FeaturePipeline;
import dev.kiln.feature.TargetEncoder;
import dev.kiln.inference.ModelRuntime.Weights;
import dev.kiln.model.LayerSpec;
import dev.kiln.model.Masks;
import dev.kiln.model.Merge;
import dev.kiln.model.ModelGraph;
import dev.kiln.model.ModelSpec;
import dev.kiln.model.ShapeTrace;
import dev.kiln.persistence.JsonColumn;
import dev.kiln.run.RunProvenance;
import dev.kiln.run.Task;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A trained run as an ONNX model (opset {@value #OPSET}, with {@code ai.onnx.ml} {@value #ML_OPSET}): the inputs a
 * caller has (the table's columns or the image's pixels) encoded by the run's fitted preprocessing, the network as Kiln
 * trained it, and its answers — a classifier's {@code probabilities} [N, classes] (in the order of the labels in the
 * metadata) and {@code label} [N] (the most probable, as Kiln predicts it), a regression's {@code value} [N, 1] in
 * the target's units. Kiln's provenance and the label mapping are in {@code metadata_props}. Stacks and graphs
 * (inputs reading columns, merges) are exported, recommenders (a user's and an item's ids as their labels) too;
 * what ONNX export does not cover yet is refused naming it.
 */
public final class OnnxExport {
    public static final int OPSET = 17;
    public static final int ML_OPSET = 3;
    private static final long IR_VERSION = 8;

    private OnnxExport() {}

    /** What the export reads: the run's definition, fitted preprocessing and trained parameters. */
    public record Source(UUID runId, Task task, String target, ModelSpec spec, FeaturePipeline pipeline,
                         List<Weights> parameters, RunProvenance provenance,
                         List<dev.kiln.inference.quantize.Int8.Tensor> quantized) {
        /** A run that is not quantized. */
        public Source(UUID runId, Task task, String target, ModelSpec spec, FeaturePipeline pipeline,
                      List<Weights> parameters, RunProvenance provenance) {
            this(runId, task, target, spec, pipeline, parameters, provenance, List.of());
        }
    }

    /** The model's bytes. */
    public static byte[] export(Source source) {
        return model(source).toByteArray();
    }

    static ModelProto model(Source source) {
        Task task = source.task();
        ModelSpec spec = source.spec();
        ModelGraph modelGraph = ModelGraph.of(spec);
        var graph = new OnnxGraph("kiln-" + source.runId());
        List<OnnxPreprocessing.Input> inputs = new ArrayList<>();
        String features = OnnxPreprocessing.encode(source.pipeline(), graph, inputs);
        var layout = source.pipeline().layout();
        ShapeTrace trace = ShapeTrace.of(spec, layout);
        ModelSpec.OutputHead head = spec.outputHead().orElseThrow(() -> new InvalidRequest("format",
                "the model has no output layer Kiln can read its answers from"));
        int folded = task.learnsLogits() && head.activation().isProbabilistic()
                ? spec.outputActivationLayer().orElseThrow() : -1;
        var layers = new OnnxLayers(graph, source.parameters(), source.quantized());
        String[] outputs = new String[modelGraph.nodes().size()];
        String[] masks = new String[outputs.length];
        for (ModelGraph.Node node : modelGraph.nodes()) {
            ShapeTrace.Step step = trace.steps().get(node.index());
            int at = node.index();
            if (node.layer() instanceof LayerSpec.Input input) {
                outputs[at] = columns(graph, features, layout.ranges(input, node.name(), modelGraph.inputs().size()));
            } else if (node.layer() instanceof Merge merge) {
                int[] first = shapeOf(node.inputs().get(0), trace, layout);
                outputs[at] = OnnxMerges.apply(graph, merge, node.inputs().stream()
                        .map(k -> read(features, outputs, k)).toList(), first.length);
                if (step.masked()) {
                    for (int k : node.inputs()) {
                        masks[at] = both(graph, masks[at], read(null, masks, k));
                    }
                }
            } else {
                int from = node.inputs().get(0);
                String in = read(features, outputs, from);
                String mask = read(null, masks, from);
                boolean readsMask = Masks.reads(node.layer()) && from != ModelGraph.MODEL_INPUT
                        && trace.steps().get(from).masked();
                outputs[at] = layers.add(at, node.layer(), step, shapeOf(from, trace, layout), at == folded, in,
                        readsMask ? mask : null);
                if (node.layer() instanceof LayerSpec.Embedding embedding && embedding.maskZero()) {
                    // positions whose id is 0 are padding (Keras's mask_zero), as Kiln's graph network marks them
                    String shifted = step.idShift() == 0 ? in : graph.op("Add", List.of(in, graph.scalar("id_shift",
                            step.idShift())));
                    masks[at] = graph.op("Cast", List.of(graph.op("Greater", List.of(shifted, graph.scalar("half",
                            0.5f)))), attr("to", (long) DataType.FLOAT_VALUE));
                } else if (step.masked()) {
                    masks[at] = mask;
                }
            }
        }
        if (!layers.exhausted()) {
            throw new IllegalStateException("the network holds parameters no layer of its model reads");
        }
        String x = outputs[outputs.length - 1];
        x = layers.reshape(x, trace.output());
        List<String> labels = head(source.pipeline(), trace.output(), graph, x);
        return ModelProto.newBuilder().setIrVersion(IR_VERSION).setProducerName("Kiln")
                .setProducerVersion(RunProvenance.currentKilnVersion()).setDomain("dev.kiln")
                .setDocString("Kiln run " + source.runId() + " (" + task.json() + ", target '" + source.target()
                        + "'): inputs as metadata kiln.inputs describes; outputs "
                        + (labels == null ? "value [N, 1]" : "probabilities [N, " + labels.size() + "] in the order "
                        + "of kiln.labels, and label [N]"))
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain(OnnxGraph.ML).setVersion(ML_OPSET))
                .addAllMetadataProps(metadata(source, inputs, labels))
                .setGraph(graph.build()).build();
    }

    private static String read(String features, String[] outputs, int index) {
        return index == ModelGraph.MODEL_INPUT ? features : outputs[index];
    }

    /** Positions that count in both masks; either may be null (all count). */
    private static String both(OnnxGraph graph, String a, String b) {
        return a == null ? b : b == null ? a : graph.op("Mul", List.of(a, b));
    }

    private static int[] shapeOf(int source, ShapeTrace trace, dev.kiln.model.InputLayout layout) {
        return source == ModelGraph.MODEL_INPUT ? layout.shape() : trace.steps().get(source).output();
    }

    /** An input layer's columns: the ranges of the encoded features it reads, joined; null ranges: all of them. */
    private static String columns(OnnxGraph graph, String features, int[][] ranges) {
        if (ranges == null) {
            return features;
        }
        List<String> parts = new ArrayList<>();
        for (int[] range : ranges) {
            parts.add(graph.op("Slice", List.of(features, graph.longs("starts", range[0]), graph.longs("ends",
                    range[1]), graph.longs("axes", 1L))));
        }
        return parts.size() == 1 ? parts.get(0) : graph.op("Concat", parts, attr("axis", 1L));
    }

    /** The outputs: probabilities and label, or the value in the target's units; returns the labels (or null). */
    private static List<String> head(FeaturePipeline pipeline, int[] output, OnnxGraph graph, String logits) {
        if (pipeline.target() instanceof TargetEncoder.Standardized s) {
            String value = graph.op("Add", List.of(graph.op("Mul", List.of(logits, graph.scalar("target_std",
                    (float) s.std()))), graph.scalar("target_mean", (float) s.mean())));
            double[] range = pipeline.interactions() == null ? null : pipeline.interactions().ratingRange();
            if (range != null) {
                // a rating run's predictions stay within the ratings it learned from, as Kiln's do
                value = graph.op("Clip", List.of(value, graph.scalar("rating_min", (float) range[0]),
                        graph.scalar("rating_max", (float) range[1])));
            }
            graph.name(value, "value");
            graph.output("value", DataType.FLOAT, "the prediction, in the target's units", OnnxGraph.BATCH, 1);
            return null;
        }
        List<String> labels = ((TargetEncoder.Classes) pipeline.target()).labels();
        String probabilities;
        if (output[0] == 1) {
            String p = graph.op("Sigmoid", List.of(logits));
            probabilities = graph.op("Concat", List.of(graph.op("Sub", List.of(graph.scalar("one", 1f), p)), p),
                    attr("axis", 1L));
        } else {
            probabilities = graph.op("Softmax", List.of(logits), attr("axis", 1L));
        }
        graph.name(probabilities, "probabilities");
        graph.output("probabilities", DataType.FLOAT, "per class, in the order of kiln.labels", OnnxGraph.BATCH,
                labels.size());
        String index = graph.op("ArgMax", List.of(probabilities), attr("axis", 1L), attr("keepdims", 0L));
        long[] keys = new long[labels.size()];
        for (int c = 0; c < keys.length; c++) {
            keys[c] = c;
        }
        String label = graph.op(OnnxGraph.ML, "LabelEncoder", List.of(index), OnnxGraph.ints("keys_int64s", keys),
                OnnxGraph.strings("values_strings", labels), attr("default_string", ""));
        graph.name(label, "label");
        graph.output("label", DataType.STRING, "the most probable class", OnnxGraph.BATCH);
        return labels;
    }

    private static List<StringStringEntryProto> metadata(Source source, List<OnnxPreprocessing.Input> inputs,
                                                         List<String> labels) {
        Map<String, Object> entries = new LinkedHashMap<>();
        entries.put("kiln.run_id", source.runId().toString());
        entries.put("kiln.task", source.task().json());
        entries.put("kiln.target", source.target());
        if (labels != null) {
            entries.put("kiln.labels", labels);
        }
        entries.put("kiln.inputs", inputs);
        entries.put("kiln.dataset_sha256", source.provenance() == null ? null : source.provenance().datasetSha256());
        entries.put("kiln.provenance", source.provenance());
        entries.put("kiln.preprocessing", source.pipeline());
        entries.put("kiln.model", source.spec());
        List<StringStringEntryProto> props = new ArrayList<>();
        entries.forEach((key, value) -> {
            if (value != null) {
                props.add(StringStringEntryProto.newBuilder().setKey(key).setValue(value instanceof String text
                        ? text : json(value)).build());
            }
        });
        return props;
    }

    private static String json(Object value) {
        try {
            return JsonColumn.mapper().writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException("could not write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }
}
