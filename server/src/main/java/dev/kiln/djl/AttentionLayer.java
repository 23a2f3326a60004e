package dev.kiln.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.kiln.model.Initializer;

/**
 * Keras's {@code MultiHeadAttention} as self-attention: queries, keys and values are projections of the one input,
 * each head attends with weights {@code softmax(q·kᵀ / √keyDim)}, and the heads' values are projected back to the
 * input's channels. Positions a mask marks as padding are never attended to (their scores are −10⁹ before the
 * softmax, so their weights are exactly 0). Kernels start as Keras starts its {@code EinsumDense} kernels.
 */
final class AttentionLayer extends AbstractBlock {
    private final int heads;
    private final int keyDim;
    private final int valueDim;
    private final float dropout;
    private final Linear query;
    private final Linear key;
    private final Linear value;
    private final Linear output;

    AttentionLayer(int channels, int heads, int keyDim, int valueDim, float dropout, boolean bias,
                   Initializer kernel) {
        this.heads = heads;
        this.keyDim = keyDim;
        this.valueDim = valueDim;
        this.dropout = dropout;
        // Keras's fans for an EinsumDense kernel (channels, heads, dim): in heads·channels, out dim·channels
        this.query = addChildBlock("query", projection(heads * keyDim, bias, kernel, (double) heads * channels,
                (double) keyDim * channels));
        this.key = addChildBlock("key", projection(heads * keyDim, bias, kernel, (double) heads * channels,
                (double) keyDim * channels));
        this.value = addChildBlock("value", projection(heads * valueDim, bias, kernel, (double) heads * channels,
                (double) valueDim * channels));
        // and for the output kernel (heads, valueDim, channels): in valueDim·heads, out channels·heads
        this.output = addChildBlock("output", projection(channels, bias, kernel, (double) valueDim * heads,
                (double) channels * heads));
    }

    private static Linear projection(int units, boolean bias, Initializer kernel, double fanIn, double fanOut) {
        Linear linear = Linear.builder().setUnits(units).optBias(bias).build();
        linear.setInitializer(new KerasInitializer(kernel, fanIn, fanOut), Parameter.Type.WEIGHT);
        linear.setInitializer(ai.djl.training.initializer.Initializer.ZEROS, Parameter.Type.BIAS);
        return linear;
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray x = inputs.get(0).transpose(0, 2, 1);
        NDArray mask = inputs.size() > 1 ? inputs.get(1) : null;
        return new NDList(attend(parameterStore, x, mask, training, params).transpose(0, 2, 1));
    }

    /** Self-attention on {@code (batch, length, channels)}, giving the same shape. */
    NDArray attend(ParameterStore store, NDArray x, NDArray mask, boolean training, PairList<String, Object> params) {
        long batch = x.getShape().get(0);
        long length = x.getShape().get(1);
        NDArray q = heads(query.forward(store, new NDList(x), training, params).singletonOrThrow(), batch, length,
                keyDim).div((float) Math.sqrt(keyDim));
        NDArray k = heads(key.forward(store, new NDList(x), training, params).singletonOrThrow(), batch, length,
                keyDim);
        NDArray v = heads(value.forward(store, new NDList(x), training, params).singletonOrThrow(), batch, length,
                valueDim);
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2));
        if (mask != null) {
            scores = scores.add(mask.neg().add(1f).mul(-1e9f).reshape(batch, 1, 1, length));
        }
        NDArray weights = scores.softmax(-1);
        if (training && dropout > 0f) {
            weights = weights.mul(FastDropout.mask(x.getManager(), weights.getShape(), dropout, x.getDevice()));
        }
        NDArray attended = weights.matMul(v).transpose(0, 2, 1, 3).reshape(batch, length, (long) heads * valueDim);
        return output.forward(store, new NDList(attended), training, params).singletonOrThrow();
    }

    /** (batch, length, heads·dim) as (batch, heads, length, dim). */
    private NDArray heads(NDArray projected, long batch, long length, int dim) {
        return projected.reshape(batch, length, heads, dim).transpose(0, 2, 1, 3);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        Shape sequence = new Shape(in.get(0), in.get(2), in.get(1));
        query.initialize(manager, dataType, sequence);
        key.initialize(manager, dataType, sequence);
        value.initialize(manager, dataType, sequence);
        output.initialize(manager, dataType, new Shape(in.get(0), in.get(2), (long) heads * valueDim));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
