package dev.kiln.model;

import dev.kiln.model.LayerShapes.DoesNotFit;
import dev.kiln.model.ShapeTrace.Step;

/**
 * The shape arithmetic of the {@link Sequences} layers: each reads a sequence (channels, length). Parameters are
 * those the engine trains: an LSTM on PyTorch's kernel has two bias vectors, {@code 4·units} more than Keras counts;
 * a GRU, attention, positions and the transformer block count as in Keras.
 */
final class SequenceShapes {
    private SequenceShapes() {}

    static Step step(int index, String type, Sequences layer, int[] in) throws DoesNotFit {
        if (in.length != 2) {
            throw new DoesNotFit(type + " needs a sequence (channels, length) but gets " + ShapeTrace.describe(in)
                    + (in.length == 1 ? ": put an embedding, a conv1d or an lstm with returnSequences before it, or "
                    + "reshape a table's columns into (channels, length)" : ""));
        }
        int channels = in[0];
        int length = in[1];
        if (layer instanceof Sequences.Recurrent recurrent) {
            long params = recurrent(recurrent, channels);
            int units = recurrent.units();
            int[] out = recurrent.returnSequences() ? new int[] {units, length} : new int[] {units};
            return Step.of(index, type, in, out, params, params, macs(recurrent, channels, length));
        }
        if (layer instanceof Sequences.Bidirectional bidirectional) {
            Sequences.Recurrent recurrent = bidirectional.recurrent();
            long params = 2 * recurrent(recurrent, channels);
            int units = recurrent.units() * (bidirectional.mergeMode() == Sequences.MergeMode.CONCAT ? 2 : 1);
            int[] out = recurrent.returnSequences() ? new int[] {units, length} : new int[] {units};
            return Step.of(index, type, in, out, params, params, 2 * macs(recurrent, channels, length));
        }
        if (layer instanceof Sequences.MultiHeadAttention attention) {
            long params = attention(channels, attention.numHeads(), attention.keyDim(), attention.valueDim(),
                    attention.useBias());
            return Step.of(index, type, in, in, params, params, attentionMacs(channels, length, attention.numHeads(),
                    attention.keyDim(), attention.valueDim()));
        }
        if (layer instanceof Sequences.PositionalEmbedding positions) {
            if (length > positions.maxLength()) {
                throw new DoesNotFit("the sequence has " + length + " positions, more than maxLength "
                        + positions.maxLength());
            }
            long params = (long) positions.maxLength() * channels;
            return Step.of(index, type, in, in, params, params, 0);
        }
        Sequences.TransformerEncoder encoder = (Sequences.TransformerEncoder) layer;
        int keyDim = encoder.keyDim(channels);
        if (keyDim < 1) {
            throw new DoesNotFit("its " + channels + " channels are fewer than its " + encoder.numHeads() + " heads; "
                    + "set keyDim or use fewer heads");
        }
        long feedForward = (long) channels * encoder.ffDim() + encoder.ffDim() + (long) encoder.ffDim() * channels
                + channels;
        long params = attention(channels, encoder.numHeads(), keyDim, keyDim, true) + 4L * channels + feedForward;
        long macs = attentionMacs(channels, length, encoder.numHeads(), keyDim, keyDim)
                + 2L * length * channels * encoder.ffDim();
        return Step.of(index, type, in, in, params, params, macs);
    }

    /** A recurrent layer's parameters: input and recurrent kernels and, per gate, PyTorch's biases. */
    private static long recurrent(Sequences.Recurrent layer, int channels) {
        long units = layer.units();
        long gates = layer.gates();
        return gates * units * (channels + units) + 2 * gates * units;
    }

    private static long macs(Sequences.Recurrent layer, int channels, int length) {
        return (long) length * layer.gates() * layer.units() * (channels + layer.units());
    }

    /** Query, key, value and output projections (Keras's {@code EinsumDense} layers). */
    static long attention(int channels, int heads, int keyDim, int valueDim, boolean bias) {
        long query = (long) channels * heads * keyDim + (bias ? (long) heads * keyDim : 0);
        long value = (long) channels * heads * valueDim + (bias ? (long) heads * valueDim : 0);
        long output = (long) heads * valueDim * channels + (bias ? channels : 0);
        return 2 * query + value + output;
    }

    private static long attentionMacs(int channels, int length, int heads, int keyDim, int valueDim) {
        long projections = (long) length * channels * heads * (2L * keyDim + 2L * valueDim);
        long scores = (long) length * length * heads * (keyDim + valueDim);
        return projections + scores;
    }
}
