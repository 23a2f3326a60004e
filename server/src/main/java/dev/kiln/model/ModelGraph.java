package dev.kiln.model;

import dev.kiln.domain.InvalidRequest;
import dev.kiln.domain.Violation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A model definition's layers as a graph: each layer's name (its own, or one made from its type as Keras does:
 * {@code dense}, {@code dense_1}, …, which inputs may name too) and the layers it reads, in the order they run. A
 * layer reads the layers its {@code inputs} name, which must come before it — so the graph has no cycle — or else
 * the layer before it; the first layer of a model without {@code input} layers reads the model's one input. Exactly
 * one layer is read by no other: the output. Anything else is refused with 422 naming the layer and why.
 */
public final class ModelGraph {
    /** Marks the model's implicit input (a model without {@code input} layers) among a node's inputs. */
    public static final int MODEL_INPUT = -1;

    /**
     * One layer and what it reads.
     *
     * @param inputs indices of the layers it reads, in order; {@link #MODEL_INPUT} for the model's implicit input
     */
    public record Node(int index, String name, LayerSpec layer, List<Integer> inputs) {
        /** How messages name the layer: {@code layers[3] (dense 'block_1')}. */
        public String label() {
            return "layers[" + index + "] (" + ShapeTrace.typeName(layer) + (layer.name() != null ? " '" + name + "'"
                    : "") + ")";
        }

        public String path() {
            return "layers[" + index + "]";
        }
    }

    private final List<Node> nodes;
    private final boolean stack;

    private ModelGraph(List<Node> nodes, boolean stack) {
        this.nodes = nodes;
        this.stack = stack;
    }

    public List<Node> nodes() {
        return nodes;
    }

    public Node node(int index) {
        return nodes.get(index);
    }

    /** The layer whose output is the model's. */
    public Node output() {
        return nodes.get(nodes.size() - 1);
    }

    /** The model's {@code input} layers, in order (none: the model has one implicit input). */
    public List<Node> inputs() {
        return nodes.stream().filter(n -> n.layer() instanceof LayerSpec.Input).toList();
    }

    /**
     * Whether the graph is a plain stack — each layer reads the one before it, no merges, at most one leading
     * {@code input} layer that reads every feature — which trains exactly as Kiln always trained a list of layers.
     */
    public boolean isStack() {
        return stack;
    }

    /** The names of the layers reading each layer's output, by index. */
    public Map<Integer, List<Integer>> readers() {
        Map<Integer, List<Integer>> readers = new HashMap<>();
        for (Node node : nodes) {
            for (int input : node.inputs()) {
                readers.computeIfAbsent(input, k -> new ArrayList<>()).add(node.index());
            }
        }
        return readers;
    }

    /** The graph of {@code spec}; 422 naming the layer when it is not a graph Kiln can run. */
    public static ModelGraph of(ModelSpec spec) {
        List<LayerSpec> layers = spec.layers();
        List<Violation> violations = new ArrayList<>();
        Map<String, Integer> byName = new LinkedHashMap<>();
        List<String> names = names(layers, byName, violations);
        for (int i = 0; i < names.size(); i++) {
            byName.putIfAbsent(names.get(i), i);
        }
        boolean hasInputLayers = layers.stream().anyMatch(l -> l instanceof LayerSpec.Input);
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec layer = layers.get(i);
            List<Integer> inputs = inputs(i, layer, hasInputLayers, byName, violations);
            nodes.add(new Node(i, names.get(i), layer, List.copyOf(inputs)));
            arity(nodes.get(i), violations);
            wrapped(nodes.get(i), violations);
        }
        if (violations.isEmpty()) {
            outputs(nodes, violations);
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequest(violations);
        }
        return new ModelGraph(List.copyOf(nodes), isStack(nodes));
    }

    /** Every layer's name: its own (unique), else its type's, numbered as Keras numbers them. */
    private static List<String> names(List<LayerSpec> layers, Map<String, Integer> byName, List<Violation> violations) {
        for (int i = 0; i < layers.size(); i++) {
            String name = layers.get(i).name();
            if (name == null) {
                continue;
            }
            Integer earlier = byName.putIfAbsent(name, i);
            if (earlier != null) {
                violations.add(new Violation("layers[" + i + "].name", "'" + name + "' is already the name of layers["
                        + earlier + "]; names are unique"));
            }
        }
        Map<String, Integer> counts = new HashMap<>();
        Set<String> taken = new HashSet<>(byName.keySet());
        List<String> names = new ArrayList<>();
        for (LayerSpec layer : layers) {
            if (layer.name() != null) {
                names.add(layer.name());
                continue;
            }
            String type = ShapeTrace.typeName(layer);
            String made;
            do {
                int n = counts.merge(type, 1, Integer::sum) - 1;
                made = n == 0 ? type : type + "_" + n;
            } while (!taken.add(made));
            names.add(made);
        }
        return names;
    }

    private static List<Integer> inputs(int index, LayerSpec layer, boolean hasInputLayers, Map<String, Integer> byName,
                                        List<Violation> violations) {
        String at = "layers[" + index + "]";
        if (layer instanceof LayerSpec.Input) {
            if (!layer.inputNames().isEmpty()) {
                violations.add(new Violation(at + ".inputs", "an input layer reads the dataset, not other layers"));
            }
            return List.of();
        }
        if (layer.inputNames().isEmpty()) {
            if (index > 0) {
                return List.of(index - 1);
            }
            if (hasInputLayers) {
                violations.add(new Violation(at + ".inputs", "the first layer reads nothing: name its inputs, or put "
                        + "an input layer first"));
                return List.of();
            }
            return List.of(MODEL_INPUT);
        }
        List<Integer> inputs = new ArrayList<>();
        List<String> named = layer.inputNames();
        for (int k = 0; k < named.size(); k++) {
            String name = named.get(k);
            Integer source = byName.get(name);
            String field = at + ".inputs[" + k + "]";
            if (source == null) {
                violations.add(new Violation(field, "no layer is named '" + name + "'"));
            } else if (source == index) {
                violations.add(new Violation(field, "a layer cannot read itself (a cycle)"));
            } else if (source > index) {
                violations.add(new Violation(field, "'" + name + "' is layers[" + source + "], which comes later: a "
                        + "layer reads only layers before it (list '" + name + "' first; reading a later layer would "
                        + "be a cycle)"));
            } else if (inputs.contains(source)) {
                violations.add(new Violation(field, "'" + name + "' is named twice"));
            } else {
                inputs.add(source);
            }
        }
        return inputs;
    }

    /** Merges join two or more layers (dot and subtract exactly two); every other layer reads one. */
    private static void arity(Node node, List<Violation> violations) {
        int count = node.inputs().size();
        if (node.layer() instanceof LayerSpec.Input || count == 0 && !node.layer().inputNames().isEmpty()) {
            return;
        }
        String type = ShapeTrace.typeName(node.layer());
        if (node.layer() instanceof Merge merge) {
            if (count < merge.minInputs() || count > merge.maxInputs()) {
                violations.add(new Violation(node.path() + ".inputs", type + " joins " + (merge.maxInputs() == 2
                        ? "exactly two layers" : "at least two layers") + "; it reads " + count + (node.layer()
                        .inputNames().isEmpty() ? " (name them in inputs)" : "")));
            }
        } else if (count > 1) {
            violations.add(new Violation(node.path() + ".inputs", type + " reads one layer, not " + count
                    + "; join them first with a merge layer (add, concatenate, …)"));
        }
    }

    /** A bidirectional layer wraps an lstm or gru, which has no name or inputs of its own. */
    private static void wrapped(Node node, List<Violation> violations) {
        if (!(node.layer() instanceof Sequences.Bidirectional bidirectional)) {
            return;
        }
        LayerSpec inner = bidirectional.layer();
        if (!(inner instanceof Sequences.Recurrent)) {
            violations.add(new Violation(node.path() + ".layer", "bidirectional wraps an lstm or gru, not "
                    + ShapeTrace.typeName(inner)));
        } else if (inner.name() != null || inner.inputs() != null) {
            violations.add(new Violation(node.path() + ".layer", "the wrapped layer takes the wrapper's name and "
                    + "inputs; give them to the bidirectional layer"));
        }
    }

    /** Exactly one layer is read by no other — the output, necessarily the last — and every input is read. */
    private static void outputs(List<Node> nodes, List<Violation> violations) {
        Set<Integer> read = new HashSet<>();
        nodes.forEach(n -> read.addAll(n.inputs()));
        List<Node> unread = nodes.stream().filter(n -> !read.contains(n.index())).toList();
        for (Node node : unread) {
            if (node.layer() instanceof LayerSpec.Input) {
                violations.add(new Violation(node.path(), "the input '" + node.name() + "' is read by no layer"));
            }
        }
        List<Node> outputs = unread.stream().filter(n -> !(n.layer() instanceof LayerSpec.Input)).toList();
        if (outputs.size() > 1) {
            violations.add(new Violation("layers", "the model has " + outputs.size() + " outputs ("
                    + String.join(", ", outputs.stream().map(Node::label).toList()) + "); Kiln trains models with one "
                    + "output: join them with a merge layer, or remove the ones not needed"));
        }
    }

    private static boolean isStack(List<Node> nodes) {
        for (Node node : nodes) {
            if (node.layer() instanceof Merge) {
                return false;
            }
            if (node.layer() instanceof LayerSpec.Input input) {
                if (node.index() != 0 || input.columns() != null) {
                    return false;
                }
            } else if (node.inputs().size() != 1 || node.inputs().get(0) != node.index() - 1
                    && !(node.index() == 0 && node.inputs().get(0) == MODEL_INPUT)) {
                return false;
            }
        }
        return true;
    }
}
