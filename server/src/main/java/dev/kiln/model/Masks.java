package dev.kiln.model;

import java.util.function.IntPredicate;

/**
 * Keras's masking rules, for sequences: an embedding with {@code maskZero} makes a mask (its id-0 positions are
 * padding); layers that keep the positions as they are keep it; merges of sequences keep the positions unpadded in
 * every input; every other layer drops it. Recurrent layers, attention and the global 1D pools read it.
 */
public final class Masks {
    private Masks() {}

    /** Whether a mask comes with {@code node}'s output ({@code out}), given which layers' outputs have one. */
    static boolean output(ModelGraph.Node node, int[] out, IntPredicate masked) {
        LayerSpec layer = node.layer();
        if (layer instanceof LayerSpec.Embedding embedding) {
            return embedding.maskZero();
        }
        if (out.length != 2 || node.inputs().isEmpty()) {
            return false;
        }
        if (layer instanceof Merge merge) {
            return keeps(merge, out) && node.inputs().stream().anyMatch(masked::test);
        }
        return keeps(layer) && masked.test(node.inputs().get(0));
    }

    /** Whether the layer keeps a mask that comes with its input: it keeps the positions as they are. */
    public static boolean keeps(LayerSpec layer) {
        if (layer instanceof Sequences.Recurrent recurrent) {
            return recurrent.returnSequences();
        }
        if (layer instanceof Sequences.Bidirectional bidirectional) {
            return bidirectional.recurrent().returnSequences();
        }
        return layer instanceof Sequences || layer instanceof LayerSpec.Dropout
                || layer instanceof LayerSpec.ActivationLayer || layer instanceof LayerSpec.LayerNorm
                || layer instanceof LayerSpec.BatchNorm || layer instanceof Reshaping.Identity;
    }

    /** Merges keep positions unless they take a dot product or join along the length. */
    private static boolean keeps(Merge merge, int[] out) {
        if (merge instanceof Merge.Dot) {
            return false;
        }
        return !(merge instanceof Merge.Concatenate concatenate) || concatenate.axis() == 0
                || concatenate.axis() == -out.length;
    }

    /** Whether the layer leaves padded positions out when a mask comes with its input. */
    public static boolean reads(LayerSpec layer) {
        return layer instanceof Sequences.Recurrent || layer instanceof Sequences.Bidirectional
                || layer instanceof Sequences.MultiHeadAttention || layer instanceof Sequences.TransformerEncoder
                || layer instanceof Pooling.GlobalAvgPool1d || layer instanceof Pooling.GlobalMaxPool1d;
    }
}
