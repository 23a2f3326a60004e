package dev.kiln.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Masks over sequences: {@code (batch, length)} arrays of 1 (a position that counts) and 0 (padding), and what the
 * layers that read them do with them. Sequences here are {@code (batch, length, channels)}.
 */
final class SequenceMasks {
    private SequenceMasks() {}

    /** The mask an embedding with {@code maskZero} makes: ids (encoded value plus the shift) other than 0 count. */
    static NDArray fromIds(NDArray encoded, float idShift) {
        return (idShift == 0 ? encoded : encoded.add(idShift)).gt(0.5f).toType(DataType.FLOAT32, false);
    }

    /** Two masks: positions that count in both (Keras's merge of masks); either may be null (all count). */
    static NDArray both(NDArray a, NDArray b) {
        return a == null ? b : b == null ? a : a.mul(b);
    }

    /**
     * Where each position goes when the positions that count are moved, in order, before the padding: the inverse
     * permutation of {@link #compaction}.
     */
    static NDArray destinations(NDArray mask) {
        NDArray padding = mask.neg().add(1f);
        NDArray counted = mask.sum(new int[] {1}, true);
        NDArray front = mask.cumSum(1).sub(1f);
        NDArray back = counted.add(padding.cumSum(1)).sub(1f);
        return mask.mul(front).add(padding.mul(back)).toType(DataType.INT64, false);
    }

    /** For each position of the compacted sequence, the position it is taken from. */
    static NDArray compaction(NDArray destinations) {
        return destinations.argSort(1, true);
    }

    /** {@code x[b, index[b, t], :]}: positions picked per sample ({@code index} is (batch, length)). */
    static NDArray positions(NDArray x, NDArray index) {
        Shape shape = x.getShape();
        NDArray expanded = index.expandDims(2).broadcast(new Shape(shape.get(0), index.getShape().get(1),
                shape.get(2)));
        return x.gather(expanded, 1);
    }

    /** Per sample, the first {@code counts} positions in reverse and the rest in place (an involution). */
    static NDArray reversal(NDArray counts, long length) {
        NDArray steps = counts.getManager().arange(0f, (float) length).reshape(1, length);
        NDArray valid = steps.lt(counts).toType(DataType.FLOAT32, false);
        NDArray reversed = counts.sub(1f).sub(steps);
        return valid.mul(reversed).add(valid.neg().add(1f).mul(steps)).toType(DataType.INT64, false);
    }

    /** How many positions count per sample, as (batch, 1). */
    static NDArray counts(NDArray mask) {
        return mask.sum(new int[] {1}, true);
    }

    /**
     * The mean of a channels-first sequence {@code (batch, channels, length)} over the positions that count (zeros
     * for a sample with none), Keras's masked average.
     */
    static NDArray average(NDArray x, NDArray mask) {
        NDArray weights = mask.expandDims(1);
        return x.mul(weights).sum(new int[] {2}).div(mask.sum(new int[] {1}, true).maximum(1f));
    }

    /** The largest value of a channels-first sequence over the positions that count (zeros for a sample with none). */
    static NDArray maximum(NDArray x, NDArray mask) {
        NDArray padding = mask.neg().add(1f).expandDims(1);
        NDArray most = x.add(padding.mul(-1e9f)).max(new int[] {2});
        return most.mul(mask.max(new int[] {1}, true));
    }
}
