package dev.kiln.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Inverted dropout whose mask is drawn in one cheap pass: {@code keep = uniform[0,1) < 1 − rate}, scaled by
 * {@code 1 / (1 − rate)} in place, then one multiplication that autograd records. PyTorch's CPU dropout draws
 * its mask with a per-element Bernoulli sampler, which measured as the largest cost of a small MLP's step.
 * At inference the block is the identity, as DJL's Dropout is.
 */
final class FastDropout extends AbstractBlock {
    private final float rate;

    FastDropout(float rate) {
        this.rate = rate;
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray input = inputs.singletonOrThrow();
        if (!training || rate == 0f) {
            return inputs;
        }
        return new NDList(input.mul(mask(input.getManager(), input.getShape(), rate, input.getDevice())));
    }

    /** A mask of {@code shape}: 0 with probability {@code rate}, else {@code 1 / (1 − rate)}. */
    static NDArray mask(ai.djl.ndarray.NDManager manager, Shape shape, float rate, ai.djl.Device device) {
        float keep = 1f - rate;
        return RandomDraws.uniform(manager, 0f, 1f, shape, device).lt(keep)
                .toType(DataType.FLOAT32, false).muli(1f / keep);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    float rate() {
        return rate;
    }
}
