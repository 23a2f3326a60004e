package dev.kiln.model.keras;

import dev.kiln.domain.InvalidRequest;
import dev.kiln.model.LayerSpec;
import dev.kiln.model.ModelGraph;
import dev.kiln.model.Reshaping;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Writes each Kiln layer as Keras 3 layer JSON, channels last, with its inbound tensors in a functional model. */
final class KerasWriter {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String TO_LAST = "/to_channels_last";
    private static final String RESHAPE = "/reshape";
    /** The Keras name of a model's implicit input (a Kiln model without input layers). */
    static final String INPUT = "input";

    private final ModelGraph graph;
    private final Map<Integer, int[]> shapes;
    private final boolean sequential;

    KerasWriter(ModelGraph graph, Map<Integer, int[]> shapes, boolean sequential) {
        this.graph = graph;
        this.shapes = shapes;
        this.sequential = sequential;
    }

    String kerasName(int index) {
        return index == ModelGraph.MODEL_INPUT ? INPUT : graph.node(index).name();
    }

    ObjectNode inputLayer(String name, int[] shape) {
        ObjectNode config = JSON.objectNode();
        config.set("batch_shape", kerasShape(shape));
        config.put("dtype", "float32");
        config.put("sparse", false);
        config.put("name", name);
        return layer("InputLayer", name, config, List.of());
    }

    List<ObjectNode> write(ModelGraph.Node node) {
        LayerSpec layer = node.layer();
        String name = node.name();
        if (name.endsWith(TO_LAST) || name.endsWith(RESHAPE)) {
            return List.of();
        }
        if (layer instanceof LayerSpec.Input input) {
            int[] shape = shapes.get(node.index());
            return List.of(inputLayer(name, shape != null ? shape : new int[] {-1}));
        }
        List<Integer> sources = node.inputs();
        if (chainEnd(node)) {
            return List.of(readerReshape(node));
        }
        ObjectNode config = JSON.objectNode();
        String className = KerasOptions.describe(layer, node, rankOf(node), config);
        if (layer instanceof Reshaping.Reshape reshape) {
            return nativeReshape(node, reshape);
        }
        return List.of(layer(className, name, config, sources));
    }

    /** The last Kiln layer of a Keras reshape the reader expanded (helpers before it, named after it). */
    private boolean chainEnd(ModelGraph.Node node) {
        if (node.inputs().size() != 1 || node.inputs().get(0) < 0) {
            return false;
        }
        String before = graph.node(node.inputs().get(0)).name();
        return before.equals(node.name() + RESHAPE) || before.equals(node.name() + TO_LAST);
    }

    private ObjectNode readerReshape(ModelGraph.Node node) {
        ModelGraph.Node step = graph.node(node.inputs().get(0));
        Reshaping.Reshape reshape = (Reshaping.Reshape) (step.layer() instanceof Reshaping.Reshape ? step.layer()
                : node.layer());
        ModelGraph.Node first = step;
        while (first.name().endsWith(RESHAPE) || first.name().endsWith(TO_LAST)) {
            int before = first.inputs().get(0);
            if (before < 0 || !graph.node(before).name().startsWith(node.name() + "/")) {
                break;
            }
            first = graph.node(first.inputs().get(0));
        }
        ObjectNode config = JSON.objectNode();
        ArrayNode target = JSON.arrayNode();
        reshape.targetShape().forEach(target::add);
        config.set("target_shape", target);
        return layer("Reshape", node.name(), config, first.inputs());
    }

    /** A reshape written in Kiln's channels-first layout: Keras permutes to it and back around the reshape. */
    private List<ObjectNode> nativeReshape(ModelGraph.Node node, Reshaping.Reshape reshape) {
        int[] before = node.inputs().get(0) < 0 ? null : shapes.get(node.inputs().get(0));
        if (before == null) {
            throw new InvalidRequest(node.path(), "Keras needs the input's shape to write this reshape: name a "
                    + "dataset (datasetId) or an input shape (inputShape)");
        }
        List<ObjectNode> written = new ArrayList<>();
        List<Integer> feeding = node.inputs();
        String name = node.name();
        int rank = before.length;
        int out = reshape.targetShape().size();
        if (rank >= 2) {
            ObjectNode permute = JSON.objectNode();
            permute.set("dims", array(KerasAxes.kerasPermutation(KerasAxes.toChannelsLast(rank), rank)));
            written.add(layer("Permute", name + "/to_channels_first", permute, feeding, name + "/to_channels_first"));
        }
        ObjectNode config = JSON.objectNode();
        config.set("target_shape", array(reshape.targetShape()));
        String reshaped = out >= 2 ? name + "/kiln_reshape" : name;
        written.add(rank >= 2 ? layer("Reshape", reshaped, config, List.of(), name + "/to_channels_first")
                : layer("Reshape", reshaped, config, feeding));
        if (out >= 2) {
            ObjectNode permute = JSON.objectNode();
            permute.set("dims", array(KerasAxes.kerasPermutation(KerasAxes.toChannelsFirst(out), out)));
            written.add(layer("Permute", name, permute, List.of(), reshaped));
        }
        return written;
    }

    /** The rank of the node's first input, or 1 when the shapes are not known (vectors). */
    private int rankOf(ModelGraph.Node node) {
        if (node.inputs().isEmpty() || node.inputs().get(0) < 0) {
            return 1;
        }
        int[] shape = shapes.get(node.inputs().get(0));
        return shape == null ? 1 : shape.length;
    }

    private ObjectNode layer(String className, String name, ObjectNode options, List<Integer> sources) {
        return layer(className, name, options, sources, null);
    }

    /** A layer's JSON; it reads the layers {@code sources} (Kiln indices) or, when given, {@code after} by name. */
    private ObjectNode layer(String className, String name, ObjectNode options, List<Integer> sources, String after) {
        ObjectNode config = JSON.objectNode();
        config.put("name", name);
        config.put("trainable", true);
        config.put("dtype", "float32");
        config.setAll(options);
        ObjectNode layer = JSON.objectNode();
        layer.put("module", "keras.layers");
        layer.put("class_name", className);
        layer.set("config", config);
        layer.putNull("registered_name");
        if (!sequential) {
            layer.put("name", name);
            ArrayNode args = JSON.arrayNode();
            if (after != null) {
                args.add(tensor(after, null));
            } else {
                for (int source : sources) {
                    args.add(tensor(kerasName(source), shapes.get(source)));
                }
            }
            ArrayNode nodes = JSON.arrayNode();
            if (!className.equals("InputLayer")) {
                ObjectNode call = JSON.objectNode();
                call.set("args", JSON.arrayNode().add(args.size() == 1 ? args.get(0) : args));
                call.set("kwargs", JSON.objectNode());
                nodes.add(call);
            }
            layer.set("inbound_nodes", nodes);
        }
        return layer;
    }

    private static ObjectNode tensor(String source, int[] shape) {
        ObjectNode config = JSON.objectNode();
        if (shape != null) {
            config.set("shape", kerasShape(shape));
        }
        config.put("dtype", "float32");
        config.set("keras_history", JSON.arrayNode().add(source).add(0).add(0));
        return JSON.objectNode().put("class_name", "__keras_tensor__").set("config", config);
    }

    /** A channels-first Kiln shape as Keras's batch shape: [null, …, channels]. */
    static ArrayNode kerasShape(int[] shape) {
        ArrayNode node = JSON.arrayNode().addNull();
        int rank = shape.length;
        for (int j = 0; j < rank; j++) {
            int side = shape[(j + 1) % rank];
            if (side < 1) {
                node.addNull();
            } else {
                node.add(side);
            }
        }
        return node;
    }

    static ArrayNode array(List<Integer> values) {
        ArrayNode node = JSON.arrayNode();
        values.forEach(node::add);
        return node;
    }
}
