package dev.kiln.model.keras;

import dev.kiln.model.keras.KerasConfig.Unsupported;
import java.util.ArrayList;
import java.util.List;

/**
 * Keras counts a sample's axes channels last and with the batch as axis 0; Kiln counts them channels first and
 * without the batch. For a rank-r sample, Keras's non-batch axis j (0 = the first after the batch) is Kiln's axis
 * (j + 1) mod r: the channels move to the front, everything else one step back.
 */
final class KerasAxes {
    private KerasAxes() {}

    /** A Keras axis (with the batch; negative from the end) of a rank-{@code rank} sample, as Kiln's axis. */
    static int axis(int keras, int rank) {
        int j = keras < 0 ? rank + keras : keras - 1;
        if (j < 0 || j >= rank) {
            throw new Unsupported("axis " + keras + " is the batch axis or does not exist for a rank-" + rank
                    + " input");
        }
        return (j + 1) % rank;
    }

    /** Kiln's axis of a rank-{@code rank} sample as Keras writes it (with the batch). */
    static int kerasAxis(int kiln, int rank) {
        int k = kiln < 0 ? rank + kiln : kiln;
        return (k - 1 + rank) % rank + 1;
    }

    /** Keras's {@code Permute(dims)} (1-based, channels last) as Kiln's permute dims (1-based, channels first). */
    static List<Integer> permutation(List<Integer> kerasDims, int rank) {
        if (kerasDims == null || kerasDims.size() != rank) {
            throw new Unsupported("dims " + kerasDims + " do not list the input's " + rank + " axes");
        }
        List<Integer> dims = new ArrayList<>();
        for (int m = 0; m < rank; m++) {
            int k = (m - 1 + rank) % rank;
            dims.add(kerasDims.get(k) % rank + 1);
        }
        return dims;
    }

    /** Kiln's permute dims as Keras's {@code Permute(dims)}: the inverse of {@link #permutation}. */
    static List<Integer> kerasPermutation(List<Integer> kilnDims, int rank) {
        List<Integer> dims = new ArrayList<>();
        for (int k = 0; k < rank; k++) {
            int m = (k + 1) % rank;
            int source = kilnDims.get(m) - 1;
            dims.add((source - 1 + rank) % rank + 1);
        }
        return dims;
    }

    /** Kiln permute dims that move the channels (axis 1) last: (c, h, w) to (h, w, c). */
    static List<Integer> toChannelsLast(int rank) {
        List<Integer> dims = new ArrayList<>();
        for (int d = 2; d <= rank; d++) {
            dims.add(d);
        }
        dims.add(1);
        return dims;
    }

    /** Kiln permute dims that move the last axis first: (h, w, c) to (c, h, w). */
    static List<Integer> toChannelsFirst(int rank) {
        List<Integer> dims = new ArrayList<>();
        dims.add(rank);
        for (int d = 1; d < rank; d++) {
            dims.add(d);
        }
        return dims;
    }
}
