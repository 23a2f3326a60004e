package dev.kiln.inference.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * An ONNX graph being written with the ONNX protobuf classes: nodes, initializers, inputs and outputs, every
 * intermediate name made unique under {@code kiln/} so that it never meets a column's name. The batch axis of inputs
 * and outputs is the symbolic dimension {@code N}.
 */
final class OnnxGraph {
    static final String ML = "ai.onnx.ml";
    static final long BATCH = -1;

    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private int counter;

    OnnxGraph(String name) {
        graph.setName(name);
    }

    GraphProto build() {
        return graph.build();
    }

    /** A fresh name for a value. */
    String fresh(String hint) {
        return "kiln/" + hint + "_" + counter++;
    }

    /** Adds a node of the default domain; returns its (only) output's name. */
    String op(String type, List<String> inputs, AttributeProto... attributes) {
        return op("", type, inputs, attributes);
    }

    /** Adds a node of {@code domain}; returns its (only) output's name. */
    String op(String domain, String type, List<String> inputs, AttributeProto... attributes) {
        String output = fresh(type.toLowerCase(java.util.Locale.ROOT));
        var node = NodeProto.newBuilder().setName(output).setOpType(type).setDomain(domain).addAllInput(inputs)
                .addOutput(output);
        for (AttributeProto attribute : attributes) {
            node.addAttribute(attribute);
        }
        graph.addNode(node);
        return output;
    }

    /** Adds a node of the default domain whose second output (say an RNN's Y_h) is wanted; returns its name. */
    String opSecondOutput(String type, List<String> inputs, AttributeProto... attributes) {
        String first = fresh(type.toLowerCase(java.util.Locale.ROOT));
        String second = fresh(type.toLowerCase(java.util.Locale.ROOT) + "_h");
        var node = NodeProto.newBuilder().setName(first).setOpType(type).addAllInput(inputs).addOutput(first)
                .addOutput(second);
        for (AttributeProto attribute : attributes) {
            node.addAttribute(attribute);
        }
        graph.addNode(node);
        return second;
    }

    /** Renames a value: an Identity node whose output is {@code name} (a graph output's name). */
    void name(String value, String name) {
        graph.addNode(NodeProto.newBuilder().setName(name).setOpType("Identity").addInput(value).addOutput(name));
    }

    String floats(String hint, long[] dims, float[] values) {
        String name = fresh(hint);
        var bytes = java.nio.ByteBuffer.allocate(values.length * Float.BYTES).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        graph.addInitializer(TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE)
                .addAllDims(asList(dims)).setRawData(ByteString.copyFrom(bytes.array())));
        return name;
    }

    String int8s(String hint, long[] dims, byte[] values) {
        String name = fresh(hint);
        graph.addInitializer(TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT8_VALUE)
                .addAllDims(asList(dims)).setRawData(ByteString.copyFrom(values)));
        return name;
    }

    String doubles(String hint, long[] dims, double[] values) {
        String name = fresh(hint);
        var tensor = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.DOUBLE_VALUE)
                .addAllDims(asList(dims));
        for (double v : values) {
            tensor.addDoubleData(v);
        }
        graph.addInitializer(tensor);
        return name;
    }

    String int64s(String hint, long[] dims, long[] values) {
        String name = fresh(hint);
        graph.addInitializer(TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE)
                .addAllDims(asList(dims)).addAllInt64Data(asList(values)));
        return name;
    }

    String scalar(String hint, float value) {
        return floats(hint, new long[0], new float[] {value});
    }

    /** A 1-D int64 constant (shapes, axes). */
    String longs(String hint, long... values) {
        return int64s(hint, new long[] {values.length}, values);
    }

    void input(String name, TensorProto.DataType type, long... dims) {
        graph.addInput(value(name, type, dims, null));
    }

    void output(String name, TensorProto.DataType type, String doc, long... dims) {
        graph.addOutput(value(name, type, dims, doc));
    }

    private static ValueInfoProto value(String name, TensorProto.DataType type, long[] dims, String doc) {
        var shape = TensorShapeProto.newBuilder();
        for (long d : dims) {
            shape.addDim(d == BATCH ? TensorShapeProto.Dimension.newBuilder().setDimParam("N")
                    : TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        var value = ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape)));
        if (doc != null) {
            value.setDocString(doc);
        }
        return value.build();
    }

    static AttributeProto attr(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    static AttributeProto attr(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value)
                .build();
    }

    static AttributeProto attr(String name, String value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFrom(value, StandardCharsets.UTF_8)).build();
    }

    static AttributeProto ints(String name, long... values) {
        var attribute = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            attribute.addInts(v);
        }
        return attribute.build();
    }

    static AttributeProto strings(String name, List<String> values) {
        var attribute = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRINGS);
        values.forEach(v -> attribute.addStrings(ByteString.copyFrom(v, StandardCharsets.UTF_8)));
        return attribute.build();
    }

    private static List<Long> asList(long[] values) {
        return java.util.Arrays.stream(values).boxed().toList();
    }
}
