package dev.kiln.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.kiln.model.Initializer;
import dev.kiln.model.Sequences;

/**
 * KerasHub's {@code TransformerEncoder} (post-norm) on a channels-first sequence: self-attention, dropout, add the
 * input, layer norm; then dense(ffDim, activation), dense(channels), dropout, add, layer norm. A mask that comes
 * with the input keeps attention off the padding.
 */
final class TransformerEncoderLayer extends AbstractBlock {
    private final float dropout;
    private final AttentionLayer attention;
    private final LayerNorm attentionNorm;
    private final SequentialBlock feedForward;
    private final LayerNorm feedForwardNorm;

    TransformerEncoderLayer(Sequences.TransformerEncoder spec, int channels) {
        this.dropout = spec.dropout().floatValue();
        int keyDim = spec.keyDim(channels);
        this.attention = addChildBlock("attention", new AttentionLayer(channels, spec.numHeads(), keyDim, keyDim,
                dropout, true, Initializer.GLOROT_UNIFORM));
        this.attentionNorm = addChildBlock("attentionNorm", norm(spec.epsilon()));
        SequentialBlock ff = new SequentialBlock();
        ff.add(dense(spec.ffDim()));
        LayerBlocks.activation(spec.activation(), ff);
        ff.add(dense(channels));
        this.feedForward = addChildBlock("feedForward", ff);
        this.feedForwardNorm = addChildBlock("feedForwardNorm", norm(spec.epsilon()));
    }

    private static LayerNorm norm(double epsilon) {
        return LayerNorm.builder().axis(2).optEpsilon((float) epsilon).build();
    }

    private static Linear dense(int units) {
        Linear linear = Linear.builder().setUnits(units).build();
        linear.setInitializer(new KerasInitializer(Initializer.GLOROT_UNIFORM), Parameter.Type.WEIGHT);
        linear.setInitializer(ai.djl.training.initializer.Initializer.ZEROS, Parameter.Type.BIAS);
        return linear;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray x = inputs.get(0).transpose(0, 2, 1);
        NDArray mask = inputs.size() > 1 ? inputs.get(1) : null;
        NDArray attended = dropped(attention.attend(store, x, mask, training, params), training);
        NDArray y = attentionNorm.forward(store, new NDList(x.add(attended)), training, params).singletonOrThrow();
        NDArray fed = dropped(feedForward.forward(store, new NDList(y), training, params).singletonOrThrow(),
                training);
        NDArray out = feedForwardNorm.forward(store, new NDList(y.add(fed)), training, params).singletonOrThrow();
        return new NDList(out.transpose(0, 2, 1));
    }

    private NDArray dropped(NDArray x, boolean training) {
        return training && dropout > 0f ? x.mul(FastDropout.mask(x.getManager(), x.getShape(), dropout,
                x.getDevice())) : x;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        Shape sequence = new Shape(in.get(0), in.get(2), in.get(1));
        attention.initialize(manager, dataType, in);
        attentionNorm.initialize(manager, dataType, sequence);
        feedForward.initialize(manager, dataType, sequence);
        feedForwardNorm.initialize(manager, dataType, sequence);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
