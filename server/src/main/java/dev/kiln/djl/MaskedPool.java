package dev.kiln.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A global 1D pool over a channels-first sequence and its mask: the mean (Keras's masked
 * {@code GlobalAveragePooling1D}) or the largest value over the positions that count, never over padding.
 */
final class MaskedPool extends AbstractBlock {
    private final boolean average;

    MaskedPool(boolean average) {
        this.average = average;
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        if (inputs.size() == 1) {
            return new NDList(average ? x.mean(new int[] {2}) : x.max(new int[] {2}));
        }
        NDArray mask = inputs.get(1);
        return new NDList(average ? SequenceMasks.average(x, mask) : SequenceMasks.maximum(x, mask));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), inputShapes[0].get(1))};
    }
}
