package dev.kiln.inference.onnx;

import static dev.kiln.inference.onnx.OnnxGraph.attr;
import static dev.kiln.inference.onnx.OnnxGraph.ints;

import dev.kiln.inference.ModelRuntime.Weights;
import dev.kiln.model.Activation;
import dev.kiln.model.Sequences;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Self-attention, learned positions and the transformer encoder block as ONNX operators, computing what Kiln's
 * layers compute on a channels-first sequence: projections of the one input to queries, keys and values, per head
 * {@code softmax(q·kᵀ / √keyDim)} with padded positions at −10⁹, the heads' values projected back; the encoder adds
 * the input and normalizes (post-norm), then dense(ffDim, activation), dense(channels), add and normalize.
 */
final class OnnxAttention {
    private final OnnxGraph graph;
    private final BiFunction<String, String, Weights> take;

    /** @param take the layer's parameter whose path starts and ends as asked (in the layer's order) */
    OnnxAttention(OnnxGraph graph, BiFunction<String, String, Weights> take) {
        this.graph = graph;
        this.take = take;
    }

    /** {@code x} [N, channels, length] plus the first {@code length} rows of the learned table. */
    String positions(String x, int length) {
        Weights table = required("", "positions");
        long channels = table.shape()[1];
        String rows = graph.op("Slice", List.of(graph.floats("positions", table.shape(), table.values()),
                graph.longs("starts", 0L), graph.longs("ends", length), graph.longs("axes", 0L)));
        String channelsFirst = graph.op("Transpose", List.of(rows), ints("perm", 1, 0));
        return graph.op("Add", List.of(x, graph.op("Reshape", List.of(channelsFirst, graph.longs("shape", 1L,
                channels, length)))));
    }

    /** Keras's MultiHeadAttention as self-attention on {@code x} [N, channels, length]; the same shape back. */
    String attention(Sequences.MultiHeadAttention spec, String x, String mask, int length) {
        String sequence = graph.op("Transpose", List.of(x), ints("perm", 0, 2, 1));
        int valueDim = spec.valueDim() == null ? spec.keyDim() : spec.valueDim();
        return channelsFirst(attend("", sequence, spec.numHeads(), spec.keyDim(), valueDim, mask, length));
    }

    /** KerasHub's TransformerEncoder (post-norm) on {@code x} [N, channels, length]; the same shape back. */
    String encoder(Sequences.TransformerEncoder spec, int channels, String x, String mask, int length) {
        String sequence = graph.op("Transpose", List.of(x), ints("perm", 0, 2, 1));
        int keyDim = spec.keyDim(channels);
        String attended = attend("attention_", sequence, spec.numHeads(), keyDim, keyDim, mask, length);
        String y = norm("attentionNorm_", graph.op("Add", List.of(sequence, attended)), spec.epsilon());
        String hidden = linear("feedForward_", y);
        hidden = activation(spec.activation(), hidden);
        String fed = linear("feedForward_", hidden);
        return channelsFirst(norm("feedForwardNorm_", graph.op("Add", List.of(y, fed)), spec.epsilon()));
    }

    private String channelsFirst(String sequence) {
        return graph.op("Transpose", List.of(sequence), ints("perm", 0, 2, 1));
    }

    /** Self-attention on {@code x} [N, length, channels]; the parameters under {@code prefix}. */
    private String attend(String prefix, String x, int heads, int keyDim, int valueDim, String mask, int length) {
        String q = graph.op("Div", List.of(heads(linear(prefix + "query_", x), heads, keyDim), graph.scalar("sqrt_dk",
                (float) Math.sqrt(keyDim))));
        String k = heads(linear(prefix + "key_", x), heads, keyDim);
        String v = heads(linear(prefix + "value_", x), heads, valueDim);
        String scores = graph.op("MatMul", List.of(q, graph.op("Transpose", List.of(k), ints("perm", 0, 1, 3, 2))));
        if (mask != null) {
            String padding = graph.op("Mul", List.of(graph.op("Sub", List.of(graph.scalar("one", 1f), mask)),
                    graph.scalar("minus_1e9", -1e9f)));
            scores = graph.op("Add", List.of(scores, graph.op("Reshape", List.of(padding, graph.longs("shape", -1L,
                    1L, 1L, length)))));
        }
        String weights = graph.op("Softmax", List.of(scores), attr("axis", -1L));
        String attended = graph.op("Transpose", List.of(graph.op("MatMul", List.of(weights, v))),
                ints("perm", 0, 2, 1, 3));
        String joined = graph.op("Reshape", List.of(attended, graph.longs("shape", 0L, 0L, (long) heads * valueDim)));
        return linear(prefix + "output_", joined);
    }

    /** [N, length, heads·dim] as [N, heads, length, dim]. */
    private String heads(String projected, int heads, int dim) {
        String split = graph.op("Reshape", List.of(projected, graph.longs("shape", 0L, 0L, heads, dim)));
        return graph.op("Transpose", List.of(split), ints("perm", 0, 2, 1, 3));
    }

    /** A Linear block's weight and bias under {@code prefix}, applied to the last axis. */
    private String linear(String prefix, String x) {
        String y = graph.op("MatMul", List.of(x, OnnxLayers.floatKernel(graph, required(prefix, "weight"))));
        Weights b = take.apply(prefix, "bias");
        return b == null ? y : graph.op("Add", List.of(y, graph.floats("bias", b.shape(), b.values())));
    }

    /** DJL's LayerNorm over the channels (the last axis), with its scale and offset. */
    private String norm(String prefix, String x, double epsilon) {
        Weights gamma = required(prefix, "gamma");
        Weights beta = required(prefix, "beta");
        return graph.op("LayerNormalization", List.of(x, graph.floats("ln_scale", gamma.shape(), gamma.values()),
                graph.floats("ln_bias", beta.shape(), beta.values())), attr("axis", -1L),
                attr("epsilon", (float) epsilon));
    }

    private Weights required(String prefix, String name) {
        Weights w = take.apply(prefix, name);
        if (w == null) {
            throw new IllegalStateException("the layer holds no parameter " + prefix + name);
        }
        return w;
    }

    private String activation(Activation activation, String x) {
        return OnnxLayers.activation(graph, activation, x);
    }
}
