package dev.kiln.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.kiln.model.Merge;
import java.util.ArrayList;
import java.util.List;

/**
 * A model that is a graph rather than a stack: its layers run in definition order, each on the outputs of the layers
 * it reads. {@code input} layers slice their columns out of the encoded features (or pass the image on); layers
 * with weights are child blocks (one sequential block per layer, so that DJL initializes and saves their parameters
 * in layer order); merges are computed here. The last layer's output is the network's.
 */
final class GraphNetwork extends AbstractBlock {

    /** One layer: what it reads, and how it computes. */
    sealed interface Node permits Columns, Layer, Join, Folded {}

    /** A layer run as part of the next layer's block (a chain of single-input layers): nothing to do here. */
    record Folded() implements Node {}

    /** An input layer: the encoded features' ranges {@code [from, to)} it reads, or all of them. */
    record Columns(int[][] ranges) implements Node {}

    /** A layer with one input, run by its block. */
    record Layer(int input, SequentialBlock block, int[] inputShape) implements Node {}

    /** A merge of several inputs. */
    record Join(List<Integer> inputs, Merge merge, int rank) implements Node {}

    /** Marks the network's own input among a node's inputs. */
    static final int INPUT = -1;

    private final List<Node> nodes;
    private final int[] outputShape;

    GraphNetwork(List<Node> nodes, int[] outputShape) {
        this.nodes = List.copyOf(nodes);
        this.outputShape = outputShape.clone();
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i) instanceof Layer layer) {
                addChildBlock(String.format("%03dlayer", i), layer.block());
            }
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray[] outputs = new NDArray[nodes.size()];
        for (int i = 0; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            if (node instanceof Columns columns) {
                outputs[i] = columns(x, columns.ranges());
            } else if (node instanceof Layer layer) {
                outputs[i] = layer.block().forward(parameterStore, new NDList(read(x, outputs, layer.input())),
                        training, params).singletonOrThrow();
            } else if (node instanceof Join join) {
                outputs[i] = Merges.apply(join.merge(), join.inputs().stream().map(k -> read(x, outputs, k)).toList(),
                        join.rank());
            }
        }
        return new NDList(outputs[nodes.size() - 1]);
    }

    private static NDArray read(NDArray input, NDArray[] outputs, int index) {
        return index == INPUT ? input : outputs[index];
    }

    private static NDArray columns(NDArray x, int[][] ranges) {
        if (ranges == null) {
            return x;
        }
        List<NDArray> parts = new ArrayList<>();
        for (int[] range : ranges) {
            parts.add(x.get(":, " + range[0] + ":" + range[1]));
        }
        return parts.size() == 1 ? parts.get(0) : NDArrays.concat(new NDList(parts), 1);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long batch = inputShapes[0].get(0);
        for (Node node : nodes) {
            if (node instanceof Layer layer) {
                long[] shape = new long[layer.inputShape().length + 1];
                shape[0] = batch;
                for (int d = 0; d < layer.inputShape().length; d++) {
                    shape[d + 1] = layer.inputShape()[d];
                }
                layer.block().initialize(manager, dataType, new Shape(shape));
            }
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long[] shape = new long[outputShape.length + 1];
        shape[0] = inputShapes[0].get(0);
        for (int d = 0; d < outputShape.length; d++) {
            shape[d + 1] = outputShape[d];
        }
        return new Shape[] {new Shape(shape)};
    }
}
