package dev.kiln.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
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
        // the first `length` rows, looked up by PyTorch's embedding op so that the result belongs to the batch's scope:
        // a slice of the table would belong to the model's manager (a leak per batch), and attaching a slice to the
        // batch could close the table itself when the slice is all of it
        NDArray positions = x.getManager().arange(0, (int) length, 1, DataType.INT64, x.getDevice());
        NDArray rows = JniUtils.embedding((PtNDArray) positions, (PtNDArray) table, false);
        return new NDList(x.add(rows.transpose().expandDims(0)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
