package dev.kiln.inference.onnx;

import static dev.kiln.inference.onnx.OnnxGraph.attr;
import static dev.kiln.inference.onnx.OnnxGraph.ints;

import dev.kiln.inference.ModelRuntime.Weights;
import dev.kiln.model.Sequences;
import java.util.List;
import java.util.function.Function;

/**
 * LSTM and GRU layers (one direction or both) as ONNX's {@code LSTM} and {@code GRU}, sequence first: PyTorch's gate
 * blocks reordered to ONNX's ({@code i f g o} → {@code i o f c}; {@code r z n} → {@code z r h} with
 * {@code linear_before_reset}, which is how PyTorch's GRU applies the reset gate), both biases kept, the backward
 * direction as ONNX's reverse pass (the same as running it on the flipped sequence and flipping back), and the
 * directions' outputs merged as Kiln merges them.
 */
final class OnnxRecurrent {
    private OnnxRecurrent() {}

    /**
     * The layer on {@code x} (channels first, [N, channels, length]); {@code take} hands the layer's parameter
     * whose path ends as asked. Gives the last state [N, units'] or every state [N, units', length].
     */
    static String apply(OnnxGraph graph, Sequences.Recurrent spec, Sequences.MergeMode mergeMode, String x,
                        @org.jspecify.annotations.Nullable String lengths, Function<String, Weights> take) {
        boolean lstm = spec instanceof Sequences.Lstm;
        int gates = lstm ? 4 : 3;
        int[] order = lstm ? new int[] {0, 3, 1, 2} : new int[] {1, 0, 2};
        List<String> directions = mergeMode == null ? List.of("") : List.of("forward_", "backward_");
        int units = spec.units();
        int dirs = directions.size();
        float[][] w = new float[dirs][];
        float[][] r = new float[dirs][];
        float[][] b = new float[dirs][];
        int in = 0;
        for (int d = 0; d < dirs; d++) {
            String prefix = directions.get(d);
            Weights inputWeights = take.apply(prefix + "l_0_i2h_WEIGHT");
            in = (int) inputWeights.shape()[1];
            w[d] = reorder(inputWeights.values(), gates, units, in, order);
            r[d] = reorder(take.apply(prefix + "l_0_h2h_WEIGHT").values(), gates, units, units, order);
            float[] inputBias = reorder(take.apply(prefix + "l_0_i2h_BIAS").values(), gates, units, 1, order);
            float[] stateBias = reorder(take.apply(prefix + "l_0_h2h_BIAS").values(), gates, units, 1, order);
            b[d] = new float[2 * gates * units];
            System.arraycopy(inputBias, 0, b[d], 0, inputBias.length);
            System.arraycopy(stateBias, 0, b[d], inputBias.length, stateBias.length);
        }
        // ONNX Runtime runs these only sequence first: [length, N, channels]
        String sequence = graph.op("Transpose", List.of(x), ints("perm", 2, 0, 1));
        String kernel = graph.floats("rnn_w", new long[] {dirs, (long) gates * units, in}, join(w));
        String recurrent = graph.floats("rnn_r", new long[] {dirs, (long) gates * units, units}, join(r));
        String bias = graph.floats("rnn_b", new long[] {dirs, 2L * gates * units}, join(b));
        var attributes = new java.util.ArrayList<>(List.of(attr("hidden_size", (long) units),
                attr("direction", dirs == 2 ? "bidirectional" : "forward")));
        if (!lstm) {
            attributes.add(attr("linear_before_reset", 1L));
        }
        List<String> inputs = lengths == null ? List.of(sequence, kernel, recurrent, bias)
                : List.of(sequence, kernel, recurrent, bias, lengths);
        if (!spec.returnSequences()) {
            // the forward direction's state after the last position that counts, the backward one's after the first:
            // ONNX's Y_h (rows with lengths end at their own)
            return lastStates(graph, lstm, inputs, attributes, dirs, mergeMode);
        }
        // every state, [length, directions, N, units] → per direction [length, N, units], merged, [N, units', length]
        String all = graph.op(lstm ? "LSTM" : "GRU", inputs,
                attributes.toArray(ai.onnx.proto.OnnxMl.AttributeProto[]::new));
        String merged = dirs == 1 ? squeeze(graph, all, 1) : merge(graph, mergeMode,
                squeeze(graph, slice(graph, all, 1, 0), 1), squeeze(graph, slice(graph, all, 1, 1), 1), 2);
        return graph.op("Transpose", List.of(merged), ints("perm", 1, 2, 0));
    }

    /** The same kernel asked for its final states Y_h [directions, N, units], merged. */
    private static String lastStates(OnnxGraph graph, boolean lstm, List<String> inputs,
                                     List<ai.onnx.proto.OnnxMl.AttributeProto> attributes, int dirs,
                                     Sequences.MergeMode mergeMode) {
        String states = graph.opSecondOutput(lstm ? "LSTM" : "GRU", inputs,
                attributes.toArray(ai.onnx.proto.OnnxMl.AttributeProto[]::new));
        String forwards = squeeze(graph, slice(graph, states, 0, 0), 0);
        return dirs == 1 ? forwards : merge(graph, mergeMode, forwards, squeeze(graph, slice(graph, states, 0, 1), 0),
                1);
    }

    private static String merge(OnnxGraph graph, Sequences.MergeMode mode, String forwards, String backwards,
                                int last) {
        return switch (mode) {
            case CONCAT -> graph.op("Concat", List.of(forwards, backwards), attr("axis", (long) last));
            case SUM -> graph.op("Add", List.of(forwards, backwards));
            case MUL -> graph.op("Mul", List.of(forwards, backwards));
            case AVE -> graph.op("Div", List.of(graph.op("Add", List.of(forwards, backwards)), graph.scalar("two",
                    2f)));
        };
    }

    /** Position {@code at} (−1: the last) of {@code axis}, the axis kept. */
    private static String slice(OnnxGraph graph, String x, int axis, int at) {
        return graph.op("Slice", List.of(x, graph.longs("starts", at), graph.longs("ends", at == -1
                ? Long.MAX_VALUE : at + 1), graph.longs("axes", axis)));
    }

    private static String squeeze(OnnxGraph graph, String x, int axis) {
        return graph.op("Squeeze", List.of(x, graph.longs("axes", axis)));
    }

    /** Gate blocks of {@code rows} × {@code columns} values each, in {@code order}. */
    private static float[] reorder(float[] values, int gates, int rows, int columns, int[] order) {
        float[] out = new float[values.length];
        int block = rows * columns;
        for (int g = 0; g < gates; g++) {
            System.arraycopy(values, order[g] * block, out, g * block, block);
        }
        return out;
    }

    private static float[] join(float[][] parts) {
        int length = 0;
        for (float[] part : parts) {
            length += part.length;
        }
        float[] all = new float[length];
        int at = 0;
        for (float[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
