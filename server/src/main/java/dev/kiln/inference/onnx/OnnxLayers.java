package dev.kiln.inference.onnx;

import static dev.kiln.inference.onnx.OnnxGraph.attr;
import static dev.kiln.inference.onnx.OnnxGraph.ints;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import dev.kiln.domain.InvalidRequest;
import dev.kiln.inference.ModelRuntime.Weights;
import dev.kiln.model.Activation;
import dev.kiln.model.Convolutions;
import dev.kiln.model.LayerSpec;
import dev.kiln.model.Pooling;
import dev.kiln.model.Reshaping;
import dev.kiln.model.Sequences;
import dev.kiln.model.ShapeTrace;
import java.util.List;

/**
 * A stack's layers as ONNX operators, each computing what Kiln's network computes (the same padding, the same
 * parameters in the same layout): dense as MatMul + Add, convolutions and pools with ONNX's explicit (possibly
 * uneven) pads, batch normalization with its running statistics, dropout as nothing. Parameters are taken in the
 * network's order and each is checked by name and shape, so that a layer never reads another's. A layer ONNX export
 * does not cover yet is refused naming it.
 */
final class OnnxLayers {
    private final OnnxGraph graph;
    private final java.util.Map<Integer, java.util.ArrayDeque<Weights>> parameters = new java.util.HashMap<>();
    private int current;

    private final java.util.Map<String, dev.kiln.inference.quantize.Int8.Tensor> quantized = new java.util.HashMap<>();

    OnnxLayers(OnnxGraph graph, List<Weights> parameters) {
        this(graph, parameters, List.of());
    }

    /** @param quantized a compressed run's int8 tensors: its dense and convolution kernels are written as int8 */
    OnnxLayers(OnnxGraph graph, List<Weights> parameters, List<dev.kiln.inference.quantize.Int8.Tensor> quantized) {
        this.graph = graph;
        quantized.stream().filter(dev.kiln.inference.quantize.Int8.Tensor::quantized).forEach(t -> this.quantized.put(
                t.original().layer() + "/" + t.original().path(), t));
        parameters.forEach(w -> this.parameters.computeIfAbsent(w.layer(), k -> new java.util.ArrayDeque<>()).add(w));
    }

    /** Whether every parameter was used: the network held exactly what the layers read. */
    boolean exhausted() {
        return parameters.values().stream().allMatch(java.util.ArrayDeque::isEmpty);
    }

    /**
     * Appends {@code layer} (the {@code index}-th) reading {@code x} of per-row shape {@code before}; returns its
     * output. {@code folded}: its activation is the model's output activation, applied by the head instead;
     * {@code mask}: [N, length], 1 where a position counts, for a layer that leaves padded positions out (or null).
     */
    String add(int index, LayerSpec layer, ShapeTrace.Step step, int[] before, boolean folded, String x,
               @org.jspecify.annotations.Nullable String mask) {
        String field = "model.layers[" + index + "]";
        current = index;
        if (step.received().length == 2 && before.length == 1) {
            x = graph.op("Unsqueeze", List.of(x, graph.longs("axes", 1L)));
        }
        if (layer instanceof LayerSpec.Dense dense) {
            Weights w = next("weight", field);
            x = graph.op("MatMul", List.of(x, denseKernel(w)));
            if (dense.useBias()) {
                x = graph.op("Add", List.of(x, initializer(next("bias", field), "dense_bias")));
            }
            return folded ? x : activation(graph, dense.activation(), x);
        }
        if (layer instanceof Convolutions.Conv2d conv) {
            int[] pad = step.padding();
            x = convolution(x, conv.useBias(), field, ints("kernel_shape", conv.kernelSize().height(),
                    conv.kernelSize().width()), ints("strides", conv.strides().height(), conv.strides().width()),
                    ints("dilations", conv.dilation().height(), conv.dilation().width()),
                    ints("pads", pad[0], pad[2], pad[1], pad[3]));
            return folded ? x : activation(graph, conv.activation(), x);
        }
        if (layer instanceof Convolutions.Conv1d conv) {
            int[] pad = step.padding();
            x = convolution(x, conv.useBias(), field, ints("kernel_shape", conv.kernelSize()),
                    ints("strides", conv.strides()), ints("dilations", conv.dilation()), ints("pads", pad[0], pad[1]));
            return folded ? x : activation(graph, conv.activation(), x);
        }
        if (layer instanceof Pooling.MaxPool2d pool) {
            int[] pad = step.padding();
            return graph.op("MaxPool", List.of(x), ints("kernel_shape", pool.poolSize().height(),
                    pool.poolSize().width()), ints("strides", pool.strides().height(), pool.strides().width()),
                    ints("pads", pad[0], pad[2], pad[1], pad[3]));
        }
        if (layer instanceof Pooling.AvgPool2d pool) {
            int[] pad = step.padding();
            return graph.op("AveragePool", List.of(x), ints("kernel_shape", pool.poolSize().height(),
                    pool.poolSize().width()), ints("strides", pool.strides().height(), pool.strides().width()),
                    ints("pads", pad[0], pad[2], pad[1], pad[3]), attr("count_include_pad", 0L));
        }
        if (layer instanceof Pooling.MaxPool1d pool) {
            int[] pad = step.padding();
            return graph.op("MaxPool", List.of(x), ints("kernel_shape", pool.poolSize()),
                    ints("strides", pool.strides()), ints("pads", pad[0], pad[1]));
        }
        if (mask != null && layer instanceof Pooling.GlobalAvgPool1d) {
            // the mean over the positions that count (zeros when none does)
            String weights = graph.op("Unsqueeze", List.of(mask, graph.longs("axes", 1L)));
            String sum = graph.op("ReduceSum", List.of(graph.op("Mul", List.of(x, weights)), graph.longs("axes", 2L)),
                    attr("keepdims", 0L));
            String counts = graph.op("Max", List.of(graph.op("ReduceSum", List.of(mask, graph.longs("axes", 1L)),
                    attr("keepdims", 1L)), graph.scalar("one", 1f)));
            return graph.op("Div", List.of(sum, counts));
        }
        if (mask != null && layer instanceof Pooling.GlobalMaxPool1d) {
            // the largest value over the positions that count (zeros when none does)
            String padding = graph.op("Unsqueeze", List.of(graph.op("Sub", List.of(graph.scalar("one", 1f), mask)),
                    graph.longs("axes", 1L)));
            String most = graph.op("ReduceMax", List.of(graph.op("Add", List.of(x, graph.op("Mul", List.of(padding,
                    graph.scalar("minus_1e9", -1e9f)))))), ints("axes", 2), attr("keepdims", 0L));
            String any = graph.op("ReduceMax", List.of(mask), ints("axes", 1), attr("keepdims", 1L));
            return graph.op("Mul", List.of(most, any));
        }
        if (layer instanceof Pooling.GlobalAvgPool2d || layer instanceof Pooling.GlobalAvgPool1d) {
            return graph.op("Flatten", List.of(graph.op("GlobalAveragePool", List.of(x))), attr("axis", 1L));
        }
        if (layer instanceof Pooling.GlobalMaxPool2d || layer instanceof Pooling.GlobalMaxPool1d) {
            return graph.op("Flatten", List.of(graph.op("GlobalMaxPool", List.of(x))), attr("axis", 1L));
        }
        if (layer instanceof LayerSpec.ActivationLayer a) {
            return folded ? x : activation(graph, a.function(), x);
        }
        if (layer instanceof LayerSpec.Dropout || layer instanceof Reshaping.Identity) {
            return x;
        }
        if (layer instanceof LayerSpec.BatchNorm norm) {
            String gamma = initializer(next("gamma", field), "bn_gamma");
            String beta = initializer(next("beta", field), "bn_beta");
            String mean = initializer(next("runningMean", field), "bn_mean");
            String variance = initializer(next("runningVar", field), "bn_var");
            return graph.op("BatchNormalization", List.of(x, gamma, beta, mean, variance),
                    attr("epsilon", norm.epsilon().floatValue()));
        }
        if (layer instanceof LayerSpec.Embedding embedding) {
            return embedding(embedding, step, x, field);
        }
        if (layer instanceof LayerSpec.LayerNorm norm) {
            return layerNorm(norm, step.received().length, x, field);
        }
        if (layer instanceof Sequences.Recurrent recurrent) {
            return OnnxRecurrent.apply(graph, recurrent, null, x, lengths(mask), suffix -> take(suffix, field));
        }
        if (layer instanceof Sequences.Bidirectional bidirectional) {
            return OnnxRecurrent.apply(graph, bidirectional.recurrent(), bidirectional.mergeMode(), x, lengths(mask),
                    suffix -> take(suffix, field));
        }
        if (layer instanceof Sequences.MultiHeadAttention attention) {
            return new OnnxAttention(graph, this::starting).attention(attention, x, mask, step.received()[1]);
        }
        if (layer instanceof Sequences.PositionalEmbedding) {
            return new OnnxAttention(graph, this::starting).positions(x, step.received()[1]);
        }
        if (layer instanceof Sequences.TransformerEncoder encoder) {
            return new OnnxAttention(graph, this::starting).encoder(encoder, step.received()[0], x, mask,
                    step.received()[1]);
        }
        if (layer instanceof LayerSpec.Flatten) {
            return graph.op("Flatten", List.of(x), attr("axis", 1L));
        }
        if (layer instanceof Reshaping.Reshape) {
            return reshape(x, step.output());
        }
        if (layer instanceof Reshaping.Permute permute) {
            long[] perm = new long[permute.dims().size() + 1];
            for (int d = 0; d < permute.dims().size(); d++) {
                perm[d + 1] = permute.dims().get(d);
            }
            return graph.op("Transpose", List.of(x), ints("perm", perm));
        }
        throw new InvalidRequest(field, ShapeTrace.typeName(layer) + " layers are not exported to ONNX yet");
    }

    /**
     * The ids as the embedding reads them — the encoded value plus the column's shift, clipped to the table, truncated
     * — looked up, zeroed where the id is 0 when the layer masks zeros, channels first.
     */
    private String embedding(LayerSpec.Embedding embedding, ShapeTrace.Step step, String x, String field) {
        String table = initializer(next("embeddings", field), "embeddings");
        String shifted = step.idShift() == 0 ? x : graph.op("Add", List.of(x, graph.scalar("id_shift",
                step.idShift())));
        String clipped = graph.op("Clip", List.of(shifted, graph.scalar("id_min", 0f), graph.scalar("id_max",
                step.inputDim() - 1)));
        String ids = graph.op("Cast", List.of(clipped), attr("to", (long) DataType.INT64_VALUE));
        String vectors = graph.op("Gather", List.of(table, ids), attr("axis", 0L));
        if (embedding.maskZero()) {
            String kept = graph.op("Cast", List.of(graph.op("Not", List.of(graph.op("Equal", List.of(ids,
                    graph.int64s("zero", new long[0], new long[] {0})))))), attr("to", (long) DataType.FLOAT_VALUE));
            vectors = graph.op("Mul", List.of(vectors, graph.op("Unsqueeze", List.of(kept, graph.longs("axes",
                    -1L)))));
        }
        return graph.op("Transpose", List.of(vectors), ints("perm", 0, 2, 1));
    }

    /** Normalization over the channel axis (axis 1 of the batch), then a per-channel scale and offset. */
    private String layerNorm(LayerSpec.LayerNorm norm, int rank, String x, String field) {
        String mean = graph.op("ReduceMean", List.of(x), ints("axes", 1), attr("keepdims", 1L));
        String centered = graph.op("Sub", List.of(x, mean));
        String variance = graph.op("ReduceMean", List.of(graph.op("Mul", List.of(centered, centered))),
                ints("axes", 1), attr("keepdims", 1L));
        String y = graph.op("Div", List.of(centered, graph.op("Sqrt", List.of(graph.op("Add", List.of(variance,
                graph.scalar("epsilon", norm.epsilon().floatValue())))))));
        if (norm.scale()) {
            y = graph.op("Mul", List.of(y, perChannel(next("gamma", field), rank, "ln_gamma")));
        }
        if (norm.center()) {
            y = graph.op("Add", List.of(y, perChannel(next("beta", field), rank, "ln_beta")));
        }
        return y;
    }

    /** A per-channel vector shaped to broadcast over rows of rank {@code rank}, channels first. */
    private String perChannel(Weights w, int rank, String hint) {
        long[] dims = new long[rank + 1];
        java.util.Arrays.fill(dims, 1);
        dims[1] = w.values().length;
        return graph.floats(hint, dims, w.values());
    }

    /**
     * Each row's count of positions that count, as ONNX's {@code sequence_lens}: the recurrent kernel then runs over
     * them and stops, as Kiln's does over the positions it moved before the padding (padding comes at the end, as
     * the text vectorizer makes it).
     */
    private String lengths(String mask) {
        if (mask == null) {
            return null;
        }
        return graph.op("Cast", List.of(graph.op("ReduceSum", List.of(mask, graph.longs("axes", 1L)),
                attr("keepdims", 0L))), attr("to", (long) DataType.INT32_VALUE));
    }

    /** {@code x} as rows of {@code shape}. */
    String reshape(String x, int[] shape) {
        long[] dims = new long[shape.length + 1];
        dims[0] = -1;
        for (int d = 0; d < shape.length; d++) {
            dims[d + 1] = shape[d];
        }
        return graph.op("Reshape", List.of(x, graph.longs("shape", dims)));
    }

    /**
     * A dense kernel [units, in] as the [in, units] matrix MatMul takes; a compressed run's as int8 with its scales
     * (per unit: axis 1 once transposed) and DequantizeLinear.
     */
    private String denseKernel(Weights w) {
        int units = (int) w.shape()[0];
        int in = (int) w.shape()[1];
        var q = quantized.get(w.layer() + "/" + w.path());
        if (q != null) {
            byte[] transposed = new byte[q.values().length];
            for (int u = 0; u < units; u++) {
                for (int i = 0; i < in; i++) {
                    transposed[i * units + u] = q.values()[u * in + i];
                }
            }
            return dequantized(graph.int8s("dense_kernel_q", new long[] {in, units}, transposed), q.scales(), 1);
        }
        return floatKernel(graph, w);
    }

    /** A Linear block's weight [units, in] as the [in, units] float initializer MatMul takes. */
    static String floatKernel(OnnxGraph graph, Weights w) {
        int units = (int) w.shape()[0];
        int in = (int) w.shape()[1];
        float[] transposed = new float[w.values().length];
        for (int u = 0; u < units; u++) {
            for (int i = 0; i < in; i++) {
                transposed[i * units + u] = w.values()[u * in + i];
            }
        }
        return graph.floats("dense_kernel", new long[] {in, units}, transposed);
    }

    /** DequantizeLinear of int8 values with their scales: one (per tensor) or one per index of {@code axis}. */
    private String dequantized(String values, float[] scales, int axis) {
        if (scales.length == 1) {
            return graph.op("DequantizeLinear", List.of(values, graph.scalar("scale", scales[0]),
                    graph.int8s("zero_point", new long[0], new byte[1])));
        }
        return graph.op("DequantizeLinear", List.of(values, graph.floats("scales", new long[] {scales.length},
                scales), graph.int8s("zero_points", new long[] {scales.length}, new byte[scales.length])),
                attr("axis", (long) axis));
    }

    private String convolution(String x, boolean bias, String field, ai.onnx.proto.OnnxMl.AttributeProto... attrs) {
        Weights w = next("weight", field);
        var q = quantized.get(w.layer() + "/" + w.path());
        String kernel = q == null ? initializer(w, "conv_kernel")
                : dequantized(graph.int8s("conv_kernel_q", w.shape(), q.values()), q.scales(), 0);
        List<String> inputs = bias ? List.of(x, kernel, initializer(next("bias", field), "conv_bias"))
                : List.of(x, kernel);
        return graph.op("Conv", inputs, attrs);
    }

    /** {@code activation} applied to {@code x} as Kiln's network applies it (GELU exact, swish with β = 1). */
    static String activation(OnnxGraph graph, Activation activation, String x) {
        return switch (activation) {
            case LINEAR -> x;
            case RELU -> graph.op("Relu", List.of(x));
            case SIGMOID -> graph.op("Sigmoid", List.of(x));
            case TANH -> graph.op("Tanh", List.of(x));
            case SOFTMAX -> graph.op("Softmax", List.of(x), attr("axis", -1L));
            case LEAKY_RELU -> graph.op("LeakyRelu", List.of(x), attr("alpha", 0.2f));
            case ELU -> graph.op("Elu", List.of(x), attr("alpha", 1f));
            case SELU -> graph.op("Selu", List.of(x));
            case GELU -> {
                String erf = graph.op("Erf", List.of(graph.op("Div", List.of(x, graph.scalar("sqrt2",
                        (float) Math.sqrt(2))))));
                String half = graph.op("Mul", List.of(x, graph.scalar("half", 0.5f)));
                yield graph.op("Mul", List.of(half, graph.op("Add", List.of(erf, graph.scalar("one", 1f)))));
            }
            case SWISH -> graph.op("Mul", List.of(x, graph.op("Sigmoid", List.of(x))));
        };
    }

    private String initializer(Weights w, String hint) {
        return graph.floats(hint, w.shape(), w.values());
    }

    /**
     * The layer's first parameter whose path starts with {@code prefix} and ends with {@code name} (a composite
     * layer's, under its children's names), or null when it has none (a projection without bias).
     */
    private Weights starting(String prefix, String name) {
        var own = parameters.get(current);
        Weights found = own == null ? null : own.stream().filter(w -> {
            // DJL numbers a block's children (01attention_02key_weight): the names without the numbers
            String path = w.path().replaceAll("(^|_)\\d{2}(?=[A-Za-z])", "$1");
            return path.startsWith(prefix) && path.endsWith(name);
        }).findFirst().orElse(null);
        if (found != null) {
            own.remove(found);
        }
        return found;
    }

    /** The layer's parameter whose path ends with {@code suffix} (a recurrent layer's, which DJL names). */
    private Weights take(String suffix, String field) {
        var own = parameters.get(current);
        Weights found = own == null ? null : own.stream().filter(w -> w.path().endsWith(suffix)).findFirst()
                .orElse(null);
        if (found == null) {
            throw new IllegalStateException(field + ": the network holds no parameter '" + suffix + "' for it");
        }
        own.remove(found);
        return found;
    }

    /** The layer's next parameter, which must be its {@code name}. */
    private Weights next(String name, String field) {
        var own = parameters.get(current);
        if (own == null || own.isEmpty()) {
            throw new IllegalStateException(field + ": the network holds no parameter '" + name + "' for it");
        }
        Weights w = own.poll();
        if (!w.name().equals(name)) {
            throw new IllegalStateException(field + ": expected its parameter '" + name + "', the network's next is "
                    + w.path());
        }
        return w;
    }
}
