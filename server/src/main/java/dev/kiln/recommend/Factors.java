package dev.kiln.recommend;

import dev.kiln.inference.ModelRuntime;
import dev.kiln.model.LayerSpec;
import dev.kiln.model.Merge;
import dev.kiln.model.ModelGraph;
import dev.kiln.model.ModelSpec;
import java.util.List;
import java.util.Optional;

/**
 * Matrix factorization's scores of one user for every item as one matrix product over the learned tables —
 * {@code P[u] · Qᵀ + b_u + b_i} — which is exactly what the network computes for a graph of the
 * {@code matrixFactorization} shape (a dot product of a user embedding and an item embedding, optionally plus a
 * 1-wide embedding of each, then flatten), without pairing the user with every item first.
 *
 * @param users rows of the user vectors, by embedding row (encoded id + 1)
 * @param userBias per embedding row the user bias, or null
 */
record Factors(float[][] users, float[][] items, float @org.jspecify.annotations.Nullable [] userBias,
               float @org.jspecify.annotations.Nullable [] itemBias) {

    /** The tables of a network whose graph has matrix factorization's shape, else empty. */
    static Optional<Factors> of(ModelSpec spec, String userColumn, String itemColumn,
                                ModelRuntime.LoadedNetwork network) {
        ModelGraph graph = ModelGraph.of(spec);
        ModelGraph.Node node = graph.output();
        if (node.layer() instanceof LayerSpec.Flatten && node.inputs().size() == 1 && node.inputs().get(0) >= 0) {
            node = graph.node(node.inputs().get(0));
        }
        List<Integer> terms = node.layer() instanceof Merge.Add ? node.inputs() : List.of(node.index());
        int userFactors = -1;
        int itemFactors = -1;
        int userBias = -1;
        int itemBias = -1;
        for (int term : terms) {
            if (term < 0) {
                return Optional.empty();
            }
            ModelGraph.Node part = graph.node(term);
            if (part.layer() instanceof Merge.Dot dot && !dot.normalize() && dot.axes().equals(List.of(0, 0))
                    && userFactors < 0 && part.inputs().size() == 2) {
                int[] pair = {reads(graph, part.inputs().get(0), userColumn), reads(graph, part.inputs().get(1),
                        itemColumn)};
                int[] swapped = {reads(graph, part.inputs().get(1), userColumn), reads(graph, part.inputs().get(0),
                        itemColumn)};
                int[] found = pair[0] >= 0 && pair[1] >= 0 ? pair : swapped;
                if (found[0] < 0 || found[1] < 0) {
                    return Optional.empty();
                }
                userFactors = found[0];
                itemFactors = found[1];
            } else if (width(graph, term) == 1 && reads(graph, term, userColumn) >= 0 && userBias < 0) {
                userBias = reads(graph, term, userColumn);
            } else if (width(graph, term) == 1 && reads(graph, term, itemColumn) >= 0 && itemBias < 0) {
                itemBias = reads(graph, term, itemColumn);
            } else {
                return Optional.empty();
            }
        }
        if (userFactors < 0) {
            return Optional.empty();
        }
        return Optional.of(new Factors(network.embedding(userFactors), network.embedding(itemFactors),
                userBias < 0 ? null : column(network.embedding(userBias)),
                itemBias < 0 ? null : column(network.embedding(itemBias))));
    }

    /** The user's score for items 0 … items − 1 ({@code user}: the encoded id). */
    float[] scores(int user, int items) {
        float[] p = users[user + 1];
        float base = userBias == null ? 0 : userBias[user + 1];
        float[] scores = new float[items];
        for (int i = 0; i < items; i++) {
            float[] q = this.items[i + 1];
            float s = 0;
            for (int d = 0; d < p.length; d++) {
                s += p[d] * q[d];
            }
            scores[i] = s + base + (itemBias == null ? 0 : itemBias[i + 1]);
        }
        return scores;
    }

    /** The embedding ordinal of node {@code index} when it is an embedding reading exactly {@code column}, else −1. */
    static int reads(ModelGraph graph, int index, String column) {
        ModelGraph.Node node = graph.node(index);
        if (!(node.layer() instanceof LayerSpec.Embedding) || node.inputs().size() != 1 || node.inputs().get(0) < 0) {
            return -1;
        }
        if (!(graph.node(node.inputs().get(0)).layer() instanceof LayerSpec.Input input)
                || !List.of(column).equals(input.columns())) {
            return -1;
        }
        int ordinal = 0;
        for (ModelGraph.Node other : graph.nodes()) {
            if (other.index() == index) {
                return ordinal;
            }
            if (other.layer() instanceof LayerSpec.Embedding) {
                ordinal++;
            }
        }
        return -1;
    }

    private static int width(ModelGraph graph, int index) {
        return graph.node(index).layer() instanceof LayerSpec.Embedding e ? e.outputDim() : -1;
    }

    private static float[] column(float[][] table) {
        float[] values = new float[table.length];
        for (int r = 0; r < table.length; r++) {
            values[r] = table[r][0];
        }
        return values;
    }
}
