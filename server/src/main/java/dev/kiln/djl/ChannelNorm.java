package dev.kiln.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/**
 * Keras's {@code LayerNormalization} in Kiln's channels-first layout: each sample is normalized over its channels
 * (axis 1) at every position, then scaled by {@code gamma} and shifted by {@code beta}, one of each per channel.
 * PyTorch's own layer norm normalizes trailing axes only, which here would be the positions.
 */
final class ChannelNorm extends AbstractBlock {
    private final float epsilon;
    private final Parameter gamma;
    private final Parameter beta;

    ChannelNorm(int channels, double epsilon, boolean center, boolean scale) {
        this.epsilon = (float) epsilon;
        this.gamma = scale ? addParameter(Parameter.builder().setName("gamma").setType(Parameter.Type.GAMMA)
                .optShape(new Shape(channels)).optInitializer(Initializer.ONES).build()) : null;
        this.beta = center ? addParameter(Parameter.builder().setName("beta").setType(Parameter.Type.BETA)
                .optShape(new Shape(channels)).optInitializer(Initializer.ZEROS).build()) : null;
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray mean = x.mean(new int[] {1}, true);
        NDArray centered = x.sub(mean);
        NDArray variance = centered.square().mean(new int[] {1}, true);
        NDArray y = centered.div(variance.add(epsilon).sqrt());
        long[] perChannel = new long[x.getShape().dimension()];
        java.util.Arrays.fill(perChannel, 1);
        perChannel[1] = x.getShape().get(1);
        if (gamma != null) {
            y = y.mul(parameterStore.getValue(gamma, x.getDevice(), training).reshape(new Shape(perChannel)));
        }
        if (beta != null) {
            y = y.add(parameterStore.getValue(beta, x.getDevice(), training).reshape(new Shape(perChannel)));
        }
        return new NDList(y);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }
}
