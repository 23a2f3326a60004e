package dev.kiln.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import dev.kiln.model.Merge;
import java.util.List;

/** What merge layers compute, on batches: {@code inputs} are {@code (batch, …)} arrays of the traced shapes. */
final class Merges {
    private Merges() {}

    /** @param rank the rank of each input without the batch */
    static NDArray apply(Merge merge, List<NDArray> inputs, int rank) {
        if (merge instanceof Merge.Add || merge instanceof Merge.Average) {
            NDArray sum = inputs.get(0);
            for (int i = 1; i < inputs.size(); i++) {
                sum = sum.add(inputs.get(i));
            }
            return merge instanceof Merge.Average ? sum.div(inputs.size()) : sum;
        }
        if (merge instanceof Merge.Subtract) {
            return inputs.get(0).sub(inputs.get(1));
        }
        if (merge instanceof Merge.Multiply) {
            NDArray product = inputs.get(0);
            for (int i = 1; i < inputs.size(); i++) {
                product = product.mul(inputs.get(i));
            }
            return product;
        }
        if (merge instanceof Merge.Maximum) {
            NDArray most = inputs.get(0);
            for (int i = 1; i < inputs.size(); i++) {
                most = NDArrays.maximum(most, inputs.get(i));
            }
            return most;
        }
        if (merge instanceof Merge.Concatenate concatenate) {
            int axis = concatenate.axis() < 0 ? rank + concatenate.axis() : concatenate.axis();
            return NDArrays.concat(new NDList(inputs), axis + 1);
        }
        return dot((Merge.Dot) merge, inputs.get(0), inputs.get(1), rank);
    }

    /** Keras's batch dot: vectors give {@code (batch, 1)}; sequences (c, n) · (c, m) on axes [0, 0] give (n, m). */
    private static NDArray dot(Merge.Dot dot, NDArray x, NDArray y, int rank) {
        int a = (dot.axes().get(0) < 0 ? rank + dot.axes().get(0) : dot.axes().get(0)) + 1;
        int b = (dot.axes().get(1) < 0 ? rank + dot.axes().get(1) : dot.axes().get(1)) + 1;
        if (dot.normalize()) {
            x = x.div(x.square().sum(new int[] {a}, true).add(1e-12f).sqrt());
            y = y.div(y.square().sum(new int[] {b}, true).add(1e-12f).sqrt());
        }
        if (rank == 1) {
            return x.mul(y).sum(new int[] {1}, true);
        }
        NDArray left = a == 1 ? x.transpose(0, 2, 1) : x;
        NDArray right = b == 2 ? y.transpose(0, 2, 1) : y;
        return left.matMul(right);
    }
}
