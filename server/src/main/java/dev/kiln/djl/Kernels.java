package dev.kiln.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import dev.kiln.model.LayerSpec;
import dev.kiln.model.ModelSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The network's kernels (the weights of its dense and convolution layers, in layer order), with the L1/L2 penalties
 * their layers ask for: Keras adds {@code l1·Σ|w| + l2·Σw²} of every regularized kernel to the loss.
 */
final class Kernels {
    private record Kernel(NDArray weight, double l1, double l2) {}

    private final List<Kernel> kernels = new ArrayList<>();
    private final List<Integer> layerIndices = new ArrayList<>();
    private final List<EmbeddingBlock> embeddings = new ArrayList<>();

    Kernels(ModelSpec spec, Block network) {
        List<Block> blocks = new ArrayList<>();
        collect(network, blocks);
        collectEmbeddings(network, embeddings);
        List<LayerSpec.Regularized> layers = spec.layers().stream().filter(LayerSpec.Regularized.class::isInstance)
                .map(LayerSpec.Regularized.class::cast).toList();
        for (int i = 0; i < spec.layers().size(); i++) {
            if (spec.layers().get(i) instanceof LayerSpec.Regularized) {
                layerIndices.add(i);
            }
        }
        for (int i = 0; i < blocks.size(); i++) {
            NDArray weight = blocks.get(i).getParameters().get("weight").getArray();
            kernels.add(new Kernel(weight, layers.get(i).l1(), layers.get(i).l2()));
        }
    }

    /** The dense and convolution blocks under {@code block}, depth first: in layer order, for stacks and graphs. */
    private static void collect(Block block, List<Block> into) {
        if (block instanceof Linear || block instanceof Convolution) {
            into.add(block);
            return;
        }
        if (block instanceof AttentionLayer || block instanceof TransformerEncoderLayer) {
            return; // their projections belong to no dense layer of the spec, and carry no penalty
        }
        block.getChildren().values().forEach(child -> collect(child, into));
    }

    private static void collectEmbeddings(Block block, List<EmbeddingBlock> into) {
        if (block instanceof EmbeddingBlock embedding) {
            if (embedding.regularized()) {
                into.add(embedding);
            }
            return;
        }
        block.getChildren().values().forEach(child -> collectEmbeddings(child, into));
    }

    /** The kernels' weights, in layer order. */
    List<NDArray> weights() {
        return kernels.stream().map(Kernel::weight).toList();
    }

    /** The index in the model's layers of each kernel's layer. */
    List<Integer> layers() {
        return layerIndices;
    }

    boolean regularized() {
        return !embeddings.isEmpty() || kernels.stream().anyMatch(k -> k.l1() > 0 || k.l2() > 0);
    }

    /**
     * The penalty as a scalar that backpropagates, null when there is none. Operations on a kernel belong to the
     * model's manager, so every intermediate is moved into {@code scope} at once and closed with it.
     */
    NDArray penalty(NDManager scope) {
        NDArray total = null;
        for (EmbeddingBlock embedding : embeddings) {
            NDArray rows = embedding.takePenalty();
            if (rows != null) {
                total = total == null ? rows : in(scope, total.add(rows));
            }
        }
        for (Kernel k : kernels) {
            if (k.l1() > 0) {
                total = add(scope, total, in(scope, in(scope, in(scope, k.weight().abs()).sum()).mul((float) k.l1())));
            }
            if (k.l2() > 0) {
                total = add(scope, total, in(scope, in(scope, in(scope, k.weight().square()).sum())
                        .mul((float) k.l2())));
            }
        }
        return total;
    }

    /** The penalty's current value (0 without regularization). */
    double penaltyValue(NDManager parent) {
        if (kernels.stream().noneMatch(k -> k.l1() > 0 || k.l2() > 0)) {
            return 0; // an embedding's penalty belongs to the rows of a training batch: it has no standing value
        }
        try (NDManager scope = parent.newSubManager()) {
            return penalty(scope).getFloat();
        }
    }

    /** The L2 norm of all kernels together: a cheap check on how large the weights grow. */
    double norm(NDManager parent) {
        double squares = 0;
        try (NDManager scope = parent.newSubManager()) {
            for (Kernel k : kernels) {
                squares += in(scope, in(scope, k.weight().square()).sum()).getFloat();
            }
        }
        return Math.sqrt(squares);
    }

    private static NDArray add(NDManager scope, NDArray total, NDArray term) {
        return total == null ? term : in(scope, total.add(term));
    }

    private static NDArray in(NDManager scope, NDArray array) {
        array.attach(scope);
        return array;
    }
}
