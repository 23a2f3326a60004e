package dev.kiln.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.kiln.model.Initializer;

/**
 * Adds a learned vector per position to a channels-first sequence {@code (batch, channels, length)}: the table is
 * {@code (maxLength, channels)} and position {@code t} adds row {@code t} (KerasHub's {@code PositionEmbedding}, added).
 */
final class PositionalEmbeddingLayer extends AbstractBlock {
    private final Parameter positions;

    PositionalEmbeddingLayer(int maxLength, int channels, Initializer initializer) {
        this.positions = addParameter(Parameter.builder().setName("positions").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(maxLength, channels)).optInitializer(new KerasInitializer(initializer)).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        long length = x.getShape().get(2);
        NDArray table = parameterStore.getValue(positions, x.getDevice(), training);
        NDArray first = table.get("0:" + length);
        first.attach(x.getManager()); // a slice of the weights belongs to their manager: keep it in the batch's scope
        return new NDList(x.add(first.transpose().expandDims(0)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
