package dev.kiln.model.keras;

import dev.kiln.domain.InvalidParameter;
import dev.kiln.domain.InvalidRequest;
import dev.kiln.model.InputLayout;
import dev.kiln.model.LayerSpec;
import dev.kiln.model.Merge;
import dev.kiln.model.ModelGraph;
import dev.kiln.model.ModelSpec;
import dev.kiln.model.ShapeTrace;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Kiln model definition as Keras 3 JSON that {@code keras.models.model_from_json} loads: a stack becomes a
 * {@code Sequential}, a graph a {@code Functional}; shapes and axes go back to channels last. Keras needs the shape
 * of every input: an input layer's declared {@code shape}, or the input the caller names (an input shape, or a
 * dataset); a stack without either is written without an input layer, which Keras builds on first use.
 */
public final class KerasExport {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private KerasExport() {}

    /** The definition as Keras JSON; {@code input} is the data's layout, or null when none was named. */
    public static ObjectNode write(ModelSpec spec, @Nullable InputLayout input) {
        ModelGraph graph = ModelGraph.of(spec);
        InputLayout layout = input != null ? input : declared(graph);
        ShapeTrace trace = layout == null ? null : ShapeTrace.of(spec, layout);
        if (trace != null && trace.misfit().isPresent()) {
            throw new InvalidRequest(trace.misfit().get().path(), trace.misfit().get().reason());
        }
        Map<Integer, int[]> shapes = new HashMap<>();
        for (ModelGraph.Node node : graph.nodes()) {
            int[] shape = trace != null ? trace.steps().get(node.index()).output()
                    : node.layer() instanceof LayerSpec.Input in && in.shape() != null
                    ? in.shape().stream().mapToInt(Integer::intValue).toArray() : null;
            if (shape != null) {
                shapes.put(node.index(), shape);
            }
        }
        boolean stack = graph.isStack();
        boolean implicitInput = graph.inputs().isEmpty();
        if (implicitInput && layout != null) {
            shapes.put(ModelGraph.MODEL_INPUT, layout.shape());
        }
        if (!stack && implicitInput && layout == null) {
            throw new InvalidParameter("inputShape", "Keras needs the shape of the model's input: name a dataset "
                    + "(datasetId) or an input shape (inputShape)");
        }
        if (!stack) {
            for (ModelGraph.Node node : graph.inputs()) {
                if (!shapes.containsKey(node.index())) {
                    throw new InvalidParameter("inputShape", "Keras needs the shape of the input '" + node.name()
                            + "': name a dataset (datasetId) or an input shape (inputShape)");
                }
            }
        }
        ArrayNode layers = JSON.arrayNode();
        KerasWriter writer = new KerasWriter(graph, shapes, stack);
        if (implicitInput && layout != null) {
            layers.add(writer.inputLayer(KerasWriter.INPUT, layout.shape()));
        }
        for (ModelGraph.Node node : graph.nodes()) {
            writer.write(node).forEach(layers::add);
        }
        ObjectNode config = JSON.objectNode();
        config.put("name", spec.name().replaceAll("[^A-Za-z0-9_.-]", "_"));
        config.put("trainable", true);
        config.set("layers", layers);
        ObjectNode model = JSON.objectNode();
        if (stack) {
            model.put("module", "keras");
            model.put("class_name", "Sequential");
        } else {
            ArrayNode inputs = JSON.arrayNode();
            if (implicitInput) {
                inputs.add(history(KerasWriter.INPUT));
            }
            graph.inputs().forEach(n -> inputs.add(history(writer.kerasName(n.index()))));
            config.set("input_layers", inputs.size() == 1 ? inputs.get(0) : inputs);
            config.set("output_layers", history(writer.kerasName(graph.output().index())));
            model.put("module", "keras.src.models.functional");
            model.put("class_name", "Functional");
        }
        model.set("config", config);
        model.putNull("registered_name");
        return model;
    }

    /** The input the input layers' declared shapes make (a column per input when there are several), or null. */
    private static InputLayout declared(ModelGraph graph) {
        List<ModelGraph.Node> inputs = graph.inputs();
        if (inputs.isEmpty() || inputs.stream().anyMatch(n -> ((LayerSpec.Input) n.layer()).shape() == null)) {
            return null;
        }
        if (inputs.size() == 1) {
            return InputLayout.of(((LayerSpec.Input) inputs.get(0).layer()).shape().stream().mapToInt(i -> i)
                    .toArray());
        }
        List<InputLayout.Column> columns = new java.util.ArrayList<>();
        int offset = 0;
        for (ModelGraph.Node node : inputs) {
            List<Integer> shape = ((LayerSpec.Input) node.layer()).shape();
            if (shape.size() != 1) {
                return null;
            }
            columns.add(new InputLayout.Column(node.name(), offset, shape.get(0)));
            offset += shape.get(0);
        }
        return new InputLayout(new int[] {offset}, columns);
    }

    private static ArrayNode history(String name) {
        return JSON.arrayNode().add(name).add(0).add(0);
    }

    /** Merge kinds by Keras class. */
    static String mergeClass(Merge merge) {
        return merge instanceof Merge.Add ? "Add" : merge instanceof Merge.Subtract ? "Subtract"
                : merge instanceof Merge.Multiply ? "Multiply" : merge instanceof Merge.Average ? "Average"
                : merge instanceof Merge.Maximum ? "Maximum" : merge instanceof Merge.Concatenate ? "Concatenate"
                : "Dot";
    }

    static List<Integer> list(int[] values) {
        return java.util.Arrays.stream(values).boxed().toList();
    }
}
