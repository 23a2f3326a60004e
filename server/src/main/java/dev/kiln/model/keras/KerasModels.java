package dev.kiln.model.keras;

import dev.kiln.domain.InvalidRequest;
import dev.kiln.domain.Violation;
import dev.kiln.model.LayerSpec;
import dev.kiln.model.ModelSpec;
import dev.kiln.model.keras.KerasConfig.Unsupported;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Keras's own model JSON ({@code model.to_json()} of Keras 2.x and 3.x, {@code Sequential} and {@code Functional}) as a
 * Kiln model definition: every layer mapped with its options, shapes and axes translated from channels-last to
 * channels-first. A layer or option Kiln cannot train exactly is refused with 422 naming the Keras layer, e.g.
 * {@code config.layers[1]: LSTM 'lstm_1': recurrent_activation hard_sigmoid; Kiln's recurrent layers use sigmoid} —
 * never approximated.
 */
public final class KerasModels {
    /** Keras layers Kiln trains in its own JSON but its Keras reader does not read yet. */
    static final Set<String> LATER = Set.of("Bidirectional", "MultiHeadAttention");

    private KerasModels() {}

    /** Whether a JSON body is a Keras model: {@code class_name} and {@code config} at the top. */
    public static boolean isKeras(JsonNode body) {
        return body != null && body.isObject() && body.path("class_name").isString() && body.has("config");
    }

    /** One Keras layer as read, before conversion. */
    private record KerasLayer(int index, String className, String name, KerasConfig config, List<String> inbound) {
        String label() {
            return className + " '" + name + "'";
        }
    }

    public static ModelSpec read(JsonNode body) {
        String className = body.path("class_name").asString("");
        String version = body.path("keras_version").asString("");
        if (version.startsWith("1.")) {
            throw new InvalidRequest("keras_version", "Keras " + version + " JSON (Keras 1) is not read; save the "
                    + "model with Keras 2 or 3");
        }
        if (!Set.of("Sequential", "Functional", "Model").contains(className)) {
            throw new InvalidRequest("class_name", "'" + className + "' is not a Keras model Kiln reads (Sequential, "
                    + "Functional)");
        }
        JsonNode config = body.get("config");
        JsonNode layersNode = config.isArray() ? config : config.path("layers");
        String prefix = config.isArray() ? "config" : "config.layers";
        if (!layersNode.isArray() || layersNode.isEmpty()) {
            throw new InvalidRequest(prefix, "a Keras model lists its layers here");
        }
        boolean sequential = className.equals("Sequential");
        List<KerasLayer> layers = new ArrayList<>();
        for (int i = 0; i < layersNode.size(); i++) {
            JsonNode layer = layersNode.get(i);
            String name = layer.path("name").asString(layer.path("config").path("name").asString("layer_" + i));
            List<String> inbound = sequential ? List.of() : inbound(layer, prefix + "[" + i + "]", name);
            layers.add(new KerasLayer(i, layer.path("class_name").asString(""), name,
                    new KerasConfig(layer.get("config")), inbound));
        }
        if (!sequential) {
            outputs(config.path("output_layers"));
        }
        String modelName = config.isArray() ? "sequential" : config.path("name").asString("keras_model");
        return new ModelSpec(modelName, sequential ? sequential(layers, prefix) : functional(layers, prefix));
    }

    private static List<LayerSpec> sequential(List<KerasLayer> layers, String prefix) {
        List<LayerSpec> kiln = new ArrayList<>();
        int rank = -1;
        for (KerasLayer layer : layers) {
            try {
                if (layer.className().equals("InputLayer")) {
                    int[] shape = KerasShapes.inputShape(layer.config());
                    kiln.add(new LayerSpec.Input(layer.name(), null, null, KerasShapes.declared(shape)));
                    rank = shape.length;
                    continue;
                }
                if (kiln.isEmpty() && (layer.config().has("batch_input_shape") || layer.config().has("batch_shape"))) {
                    int[] shape = KerasShapes.inputShape(layer.config());
                    kiln.add(new LayerSpec.Input("input", null, null, KerasShapes.declared(shape)));
                    rank = shape.length;
                }
                if (rank < 0) {
                    rank = KerasShapes.assumedRank(layer.className());
                }
                kiln.addAll(KerasLayers.convert(layer.className(), layer.config(), rank, layer.name(), null));
                rank = KerasShapes.rankAfter(layer.className(), layer.config(), rank);
            } catch (Unsupported e) {
                throw refused(prefix, layer, e);
            }
        }
        return kiln;
    }

    private static List<LayerSpec> functional(List<KerasLayer> layers, String prefix) {
        List<LayerSpec> kiln = new ArrayList<>();
        Map<String, Integer> ranks = new HashMap<>();
        for (KerasLayer layer : layers) {
            try {
                if (layer.className().equals("InputLayer")) {
                    int[] shape = KerasShapes.inputShape(layer.config());
                    kiln.add(new LayerSpec.Input(layer.name(), null, null, KerasShapes.declared(shape)));
                    ranks.put(layer.name(), shape.length);
                    continue;
                }
                for (String source : layer.inbound()) {
                    if (!ranks.containsKey(source)) {
                        throw new Unsupported("it reads '" + source + "', which is not an earlier layer");
                    }
                }
                int rank = layer.inbound().isEmpty() ? 1 : ranks.get(layer.inbound().get(0));
                kiln.addAll(KerasLayers.convert(layer.className(), layer.config(), rank, layer.name(),
                        layer.inbound()));
                ranks.put(layer.name(), KerasShapes.rankAfter(layer.className(), layer.config(), rank));
            } catch (Unsupported e) {
                throw refused(prefix, layer, e);
            }
        }
        return kiln;
    }

    /** The names of the layers a functional model's layer reads (Keras 2 and 3 formats); one call only. */
    private static List<String> inbound(JsonNode layer, String path, String name) {
        JsonNode nodes = layer.path("inbound_nodes");
        if (!nodes.isArray() || nodes.isEmpty()) {
            return List.of();
        }
        if (nodes.size() > 1) {
            throw new InvalidRequest(path, "'" + name + "' is called " + nodes.size() + " times (a shared layer); "
                    + "each Kiln layer runs once");
        }
        List<String> sources = new ArrayList<>();
        JsonNode node = nodes.get(0);
        if (node.isArray()) {
            for (JsonNode entry : node) {
                sources.add(source(entry.get(0).asString(), entry.get(1).asInt(), entry.get(2).asInt(), path));
            }
        } else {
            collect(node.path("args"), sources, path);
        }
        return sources;
    }

    private static void collect(JsonNode value, List<String> sources, String path) {
        if (value.isArray()) {
            value.forEach(item -> collect(item, sources, path));
        } else if (value.isObject() && "__keras_tensor__".equals(value.path("class_name").asString(""))) {
            JsonNode history = value.path("config").path("keras_history");
            sources.add(source(history.get(0).asString(), history.get(1).asInt(), history.get(2).asInt(), path));
        }
    }

    private static String source(String name, int node, int tensor, String path) {
        if (node != 0 || tensor != 0) {
            throw new InvalidRequest(path, "reads output " + tensor + " of call " + node + " of '" + name + "': Kiln "
                    + "layers run once and have one output");
        }
        return name;
    }

    private static void outputs(JsonNode outputs) {
        if (outputs.isArray() && !outputs.isEmpty() && outputs.get(0).isArray() && outputs.size() > 1) {
            throw new InvalidRequest("config.output_layers", "the model has " + outputs.size() + " outputs; Kiln "
                    + "trains models with one output");
        }
    }

    private static InvalidRequest refused(String prefix, KerasLayer layer, Unsupported e) {
        return new InvalidRequest(List.of(new Violation(prefix + "[" + layer.index() + "]", layer.label() + ": "
                + e.getMessage())));
    }
}
