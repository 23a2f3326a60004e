package dev.kiln.model.keras;

import dev.kiln.model.keras.KerasConfig.Unsupported;
import java.util.ArrayList;
import java.util.List;

/** The ranks and input shapes of a Keras model's tensors, as Kiln sees them (channels first, without the batch). */
final class KerasShapes {
    private KerasShapes() {}

    /** An input layer's shape, channels first, without the batch; unknown sides are -1. */
    static int[] inputShape(KerasConfig c) {
        List<Integer> batch = c.has("batch_shape") ? c.integers("batch_shape", 0)
                : c.has("batch_input_shape") ? c.integers("batch_input_shape", 0) : null;
        List<Integer> sample;
        if (batch != null) {
            if (batch.isEmpty()) {
                throw new Unsupported("an input without a batch axis");
            }
            sample = batch.subList(1, batch.size());
        } else if (c.has("shape")) {
            sample = c.integers("shape", 0);
        } else {
            throw new Unsupported("an input without a shape");
        }
        if (sample.isEmpty() || sample.size() > 3) {
            throw new Unsupported("an input of rank " + sample.size() + "; Kiln reads vectors, sequences and images");
        }
        int rank = sample.size();
        int[] shape = new int[rank];
        for (int j = 0; j < rank; j++) {
            Integer side = sample.get(j);
            shape[(j + 1) % rank] = side == null ? -1 : side;
        }
        return shape;
    }

    /** The shape an input declares, or null when a side is unknown (the data decides). */
    static List<Integer> declared(int[] shape) {
        List<Integer> sides = new ArrayList<>();
        for (int side : shape) {
            if (side < 1) {
                return null;
            }
            sides.add(side);
        }
        return sides;
    }

    /** The rank a layer expects when nothing declares the model's input shape. */
    static int assumedRank(String className) {
        return switch (className) {
            case "Conv2D", "MaxPooling2D", "AveragePooling2D", "GlobalAveragePooling2D", "GlobalMaxPooling2D" -> 3;
            case "Conv1D", "MaxPooling1D", "GlobalAveragePooling1D", "GlobalMaxPooling1D", "LSTM", "GRU" -> 2;
            default -> 1;
        };
    }

    /** The rank of a layer's output, given its first input's. */
    static int rankAfter(String className, KerasConfig c, int rank) {
        return switch (className) {
            case "Flatten", "GlobalAveragePooling2D", "GlobalMaxPooling2D", "GlobalAveragePooling1D",
                 "GlobalMaxPooling1D" -> 1;
            case "Embedding" -> rank + 1;
            case "Reshape" -> c.integers("target_shape", 0).size();
            case "LSTM", "GRU" -> c.bool("return_sequences", false) ? rank : 1;
            default -> rank;
        };
    }
}
