package dev.kiln.model;

import dev.kiln.model.LayerShapes.DoesNotFit;
import dev.kiln.model.ShapeTrace.Step;
import java.util.Arrays;
import java.util.List;

/** The shape arithmetic of merge layers: what their inputs must agree on, and what they output (Keras's rules). */
final class MergeShapes {
    private MergeShapes() {}

    /** The merge's step; {@code names} name its inputs for messages. */
    static Step step(int index, Merge merge, List<int[]> in, List<String> names) throws DoesNotFit {
        String type = ShapeTrace.typeName(merge);
        if (merge instanceof Merge.Concatenate concatenate) {
            return Step.of(index, type, in.get(0), concatenated(concatenate.axis(), in, names), 0, 0, 0, null);
        }
        if (merge instanceof Merge.Dot dot) {
            int[] x = in.get(0);
            int[] y = in.get(1);
            long[] out = dotted(dot.axes(), x, y, names);
            long summed = x[axis(dot.axes().get(0), x.length)];
            long results = Arrays.stream(out).reduce(1, (a, b) -> a * b);
            return Step.of(index, type, x, Arrays.stream(out).mapToInt(Math::toIntExact).toArray(), 0, 0,
                    summed * results, null);
        }
        int[] first = in.get(0);
        for (int i = 1; i < in.size(); i++) {
            if (!Arrays.equals(first, in.get(i))) {
                throw new DoesNotFit(type + " needs inputs of one shape; '" + names.get(0) + "' gives "
                        + ShapeTrace.describe(first) + " and '" + names.get(i) + "' gives "
                        + ShapeTrace.describe(in.get(i)));
            }
        }
        return Step.of(index, type, first, first, 0, 0, 0, null);
    }

    private static int[] concatenated(int requested, List<int[]> in, List<String> names) throws DoesNotFit {
        int rank = in.get(0).length;
        int axis = axis(requested, rank);
        if (axis < 0) {
            throw new DoesNotFit("axis " + requested + " does not exist in " + ShapeTrace.describe(in.get(0)));
        }
        int[] out = in.get(0).clone();
        for (int i = 1; i < in.size(); i++) {
            int[] shape = in.get(i);
            boolean fits = shape.length == rank;
            for (int d = 0; fits && d < rank; d++) {
                fits = d == axis || shape[d] == out[d];
            }
            if (!fits) {
                throw new DoesNotFit("concatenate along axis " + requested + " needs every other axis equal; '"
                        + names.get(0) + "' gives " + ShapeTrace.describe(in.get(0)) + " and '" + names.get(i)
                        + "' gives " + ShapeTrace.describe(shape));
            }
            out[axis] += shape[axis];
        }
        return out;
    }

    private static long[] dotted(List<Integer> axes, int[] x, int[] y, List<String> names) throws DoesNotFit {
        if (x.length != y.length || x.length > 2) {
            throw new DoesNotFit("dot takes two vectors, or two sequences (channels, length); '" + names.get(0)
                    + "' gives " + ShapeTrace.describe(x) + " and '" + names.get(1) + "' gives "
                    + ShapeTrace.describe(y));
        }
        int a = axis(axes.get(0), x.length);
        int b = axis(axes.get(1), y.length);
        if (a < 0 || b < 0) {
            throw new DoesNotFit("axes " + axes + " do not exist in " + ShapeTrace.describe(x) + " and "
                    + ShapeTrace.describe(y));
        }
        if (x[a] != y[b]) {
            throw new DoesNotFit("dot along axes " + axes + " needs equal lengths; '" + names.get(0) + "' has " + x[a]
                    + " and '" + names.get(1) + "' has " + y[b]);
        }
        return x.length == 1 ? new long[] {1} : new long[] {x[1 - a], y[1 - b]};
    }

    /** A possibly negative axis as an index in {@code [0, rank)}, or -1 when it does not exist. */
    static int axis(int axis, int rank) {
        int resolved = axis < 0 ? rank + axis : axis;
        return resolved >= 0 && resolved < rank ? resolved : -1;
    }
}
