package dev.kiln.djl;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import dev.kiln.model.InputLayout;
import dev.kiln.model.LayerSpec;
import dev.kiln.model.Masks;
import dev.kiln.model.Merge;
import dev.kiln.model.ModelGraph;
import dev.kiln.model.ModelSpec;
import dev.kiln.model.ShapeTrace;
import dev.kiln.run.Task;
import dev.kiln.training.TrainingFailed;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns a model spec into a DJL block that outputs logits: a final sigmoid (binary) or softmax (multiclass)
 * is left out, because the loss applies it in its numerically stable form; predictions apply it again. The spec is
 * traced on the input first ({@link ShapeTrace}); the trace supplies the padding of {@code same} windows and where a
 * flat input is read as a one-channel sequence. A stack becomes one sequential block, exactly as Kiln always built
 * it; a graph becomes a {@link GraphNetwork}.
 */
final class NetworkBuilder {
    private NetworkBuilder() {}

    static Block build(ModelSpec spec, Task task, int[] inputShape) {
        return build(spec, task, InputLayout.of(inputShape));
    }

    static Block build(ModelSpec spec, Task task, InputLayout layout) {
        return build(spec, task, layout, false);
    }

    /** As {@link #build}; {@code asGraph} builds even a stack as a graph (to compare the two). */
    static Block build(ModelSpec spec, Task task, InputLayout layout, boolean asGraph) {
        return build(spec, task, layout, asGraph, new java.util.IdentityHashMap<>());
    }

    /**
     * As {@link #build}, noting in {@code owners} which model layer (by index) each block belongs to, so that a
     * parameter can be traced to its layer whichever block runs it (a graph folds chains of layers into one block).
     */
    static Block build(ModelSpec spec, Task task, InputLayout layout, boolean asGraph, Map<Block, Integer> owners) {
        ShapeTrace trace = ShapeTrace.of(spec, layout);
        trace.misfit().ifPresent(misfit -> {
            throw new TrainingFailed("the model does not fit the input " + ShapeTrace.describe(layout.shape()) + ": "
                    + misfit.path() + " (" + ShapeTrace.typeName(spec.layers().get(misfit.index())) + "): "
                    + misfit.reason());
        });
        ModelGraph graph = ModelGraph.of(spec);
        ModelSpec.OutputHead head = spec.outputHead().orElseThrow();
        int folded = task.learnsLogits() && head.activation().isProbabilistic()
                ? spec.outputActivationLayer().orElseThrow() : -1;
        return graph.isStack() && !asGraph && !readsMasks(graph, trace) ? stack(graph, trace, layout, folded, owners)
                : graph(graph, trace, layout, folded, owners);
    }

    /** Whether some layer reads a mask that comes with its input: only the graph executor carries masks. */
    private static boolean readsMasks(ModelGraph graph, ShapeTrace trace) {
        return graph.nodes().stream().anyMatch(node -> readsMask(node, trace));
    }

    private static boolean readsMask(ModelGraph.Node node, ShapeTrace trace) {
        int source = node.inputs().isEmpty() ? ModelGraph.MODEL_INPUT : node.inputs().get(0);
        return Masks.reads(node.layer()) && source != ModelGraph.MODEL_INPUT && trace.steps().get(source).masked();
    }

    private static SequentialBlock stack(ModelGraph graph, ShapeTrace trace, InputLayout layout, int folded,
                                         Map<Block, Integer> owners) {
        SequentialBlock network = new SequentialBlock();
        int[] shape = layout.shape();
        for (ModelGraph.Node node : graph.nodes()) {
            ShapeTrace.Step step = trace.steps().get(node.index());
            if (!(node.layer() instanceof LayerSpec.Input)) {
                int before = network.getChildren().size();
                LayerBlocks.add(node.layer(), step, shape, node.index() == folded, false, network);
                own(network, before, node.index(), owners);
            }
            shape = step.output();
        }
        return network;
    }

    private static GraphNetwork graph(ModelGraph graph, ShapeTrace trace, InputLayout layout, int folded,
                                      Map<Block, Integer> owners) {
        Map<Integer, List<Integer>> readers = graph.readers();
        List<GraphNetwork.Node> nodes = new ArrayList<>();
        for (ModelGraph.Node node : graph.nodes()) {
            ShapeTrace.Step step = trace.steps().get(node.index());
            if (node.layer() instanceof LayerSpec.Input input) {
                nodes.add(new GraphNetwork.Columns(layout.ranges(input, node.name(), graph.inputs().size())));
            } else if (node.layer() instanceof Merge merge) {
                int[] first = shapeOf(node.inputs().get(0), trace, layout);
                nodes.add(new GraphNetwork.Join(node.inputs(), merge, first.length, step.masked()));
            } else {
                int source = node.inputs().get(0);
                int[] before = shapeOf(source, trace, layout);
                boolean readsMask = readsMask(node, trace);
                boolean makesMask = node.layer() instanceof LayerSpec.Embedding embedding && embedding.maskZero();
                boolean chained = source >= 0 && readers.get(source).size() == 1
                        && nodes.get(source) instanceof GraphNetwork.Layer && !readsMask && !makesMask;
                SequentialBlock block = chained ? ((GraphNetwork.Layer) nodes.get(source)).block()
                        : new SequentialBlock();
                int added = block.getChildren().size();
                LayerBlocks.add(node.layer(), step, before, node.index() == folded, readsMask, block);
                own(block, added, node.index(), owners);
                if (chained) {
                    // a chain of single-input layers runs as one sequential block, as a stack does; a mask that
                    // comes with its output is the one that came with the chain's (layers that keep masks)
                    GraphNetwork.Layer previous = (GraphNetwork.Layer) nodes.get(source);
                    nodes.set(source, new GraphNetwork.Folded());
                    nodes.add(new GraphNetwork.Layer(previous.input(), block, previous.inputShape(),
                            previous.readsMask(), step.masked() ? previous.mask() : GraphNetwork.MaskSource.NONE,
                            previous.idShift()));
                } else {
                    GraphNetwork.MaskSource mask = makesMask ? GraphNetwork.MaskSource.IDS : step.masked()
                            ? GraphNetwork.MaskSource.INPUT : GraphNetwork.MaskSource.NONE;
                    nodes.add(new GraphNetwork.Layer(source == ModelGraph.MODEL_INPUT ? GraphNetwork.INPUT : source,
                            block, before, readsMask, mask, step.idShift()));
                }
            }
        }
        return new GraphNetwork(nodes, trace.output());
    }

    /** Notes that the children of {@code block} from {@code from} on belong to layer {@code layer}. */
    private static void own(SequentialBlock block, int from, int layer, Map<Block, Integer> owners) {
        var children = block.getChildren().values();
        for (int i = from; i < children.size(); i++) {
            owners.put(children.get(i), layer);
        }
    }

    private static int[] shapeOf(int source, ShapeTrace trace, InputLayout layout) {
        return source == ModelGraph.MODEL_INPUT ? layout.shape() : trace.steps().get(source).output();
    }
}
