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

    /**
     * A layer with one input, run by its block (a chain of layers folded into it).
     *
     * @param readsMask the block's first layer reads its input's mask: it gets the input and the mask
     * @param mask where the mask of its output comes from
     * @param idShift for a mask made from ids: the shift that makes the encoded values ids
     */
    record Layer(int input, SequentialBlock block, int[] inputShape, boolean readsMask, MaskSource mask,
                 float idShift) implements Node {
        Layer(int input, SequentialBlock block, int[] inputShape) {
            this(input, block, inputShape, false, MaskSource.NONE, 0f);
        }
    }

    /** Where the mask that comes with a layer's output comes from (see {@code dev.kiln.model.Masks}). */
    enum MaskSource {
        /** No mask comes with it. */
        NONE,
        /** Its input's mask, kept. */
        INPUT,
        /** Made from the ids it reads: an embedding with maskZero. */
        IDS
    }

    /** A merge of several inputs; {@code masked}: the positions that count in every input come with it. */
    record Join(List<Integer> inputs, Merge merge, int rank, boolean masked) implements Node {}

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
        NDArray[] masks = new NDArray[nodes.size()];
        for (int i = 0; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            if (node instanceof Columns columns) {
                outputs[i] = columns(x, columns.ranges());
            } else if (node instanceof Layer layer) {
                NDArray in = read(x, outputs, layer.input());
                NDArray mask = read(null, masks, layer.input());
                NDList args = layer.readsMask() && mask != null ? new NDList(in, mask) : new NDList(in);
                outputs[i] = layer.block().forward(parameterStore, args, training, params).singletonOrThrow();
                masks[i] = switch (layer.mask()) {
                    case NONE -> null;
                    case INPUT -> mask;
                    case IDS -> SequenceMasks.fromIds(in, layer.idShift());
                };
            } else if (node instanceof Join join) {
                outputs[i] = Merges.apply(join.merge(), join.inputs().stream().map(k -> read(x, outputs, k)).toList(),
                        join.rank());
                if (join.masked()) {
                    for (int k : join.inputs()) {
                        masks[i] = SequenceMasks.both(masks[i], read(null, masks, k));
                    }
                }
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
