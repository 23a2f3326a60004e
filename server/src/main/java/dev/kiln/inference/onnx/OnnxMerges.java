package dev.kiln.inference.onnx;

import static dev.kiln.inference.onnx.OnnxGraph.attr;

import dev.kiln.model.Merge;
import java.util.List;

/** Merge layers as ONNX operators, computing what Kiln's graph network computes (in the same order of operations). */
final class OnnxMerges {
    private OnnxMerges() {}

    /** {@code merge} of {@code inputs}, each of per-row rank {@code rank}. */
    static String apply(OnnxGraph graph, Merge merge, List<String> inputs, int rank) {
        if (merge instanceof Merge.Add || merge instanceof Merge.Average) {
            String sum = fold(graph, "Add", inputs);
            return merge instanceof Merge.Average ? graph.op("Div", List.of(sum, graph.scalar("count",
                    inputs.size()))) : sum;
        }
        if (merge instanceof Merge.Subtract) {
            return graph.op("Sub", inputs.subList(0, 2));
        }
        if (merge instanceof Merge.Multiply) {
            return fold(graph, "Mul", inputs);
        }
        if (merge instanceof Merge.Maximum) {
            return fold(graph, "Max", inputs);
        }
        if (merge instanceof Merge.Concatenate concatenate) {
            int axis = concatenate.axis() < 0 ? rank + concatenate.axis() : concatenate.axis();
            return graph.op("Concat", inputs, attr("axis", (long) axis + 1));
        }
        return dot(graph, (Merge.Dot) merge, inputs.get(0), inputs.get(1), rank);
    }

    /** Pairwise, left to right, as Kiln adds, multiplies or compares. */
    private static String fold(OnnxGraph graph, String op, List<String> inputs) {
        String result = inputs.get(0);
        for (int i = 1; i < inputs.size(); i++) {
            result = graph.op(op, List.of(result, inputs.get(i)));
        }
        return result;
    }

    private static String dot(OnnxGraph graph, Merge.Dot dot, String x, String y, int rank) {
        int a = (dot.axes().get(0) < 0 ? rank + dot.axes().get(0) : dot.axes().get(0)) + 1;
        int b = (dot.axes().get(1) < 0 ? rank + dot.axes().get(1) : dot.axes().get(1)) + 1;
        if (dot.normalize()) {
            x = normalized(graph, x, a);
            y = normalized(graph, y, b);
        }
        if (rank == 1) {
            return graph.op("ReduceSum", List.of(graph.op("Mul", List.of(x, y)), graph.longs("axes", 1L)),
                    attr("keepdims", 1L));
        }
        String left = a == 1 ? graph.op("Transpose", List.of(x), OnnxGraph.ints("perm", 0, 2, 1)) : x;
        String right = b == 2 ? graph.op("Transpose", List.of(y), OnnxGraph.ints("perm", 0, 2, 1)) : y;
        return graph.op("MatMul", List.of(left, right));
    }

    /** {@code x / sqrt(Σ x² + 1e-12)} along {@code axis}. */
    private static String normalized(OnnxGraph graph, String x, int axis) {
        String squares = graph.op("ReduceSum", List.of(graph.op("Mul", List.of(x, x)), graph.longs("axes", axis)),
                attr("keepdims", 1L));
        String norm = graph.op("Sqrt", List.of(graph.op("Add", List.of(squares, graph.scalar("tiny", 1e-12f)))));
        return graph.op("Div", List.of(x, norm));
    }
}
