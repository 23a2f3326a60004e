package dev.kiln.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.Trainer;
import dev.kiln.metrics.MetricSpec;
import dev.kiln.metrics.RankingMetrics;
import dev.kiln.interaction.HeldOut;
import dev.kiln.interaction.Ranking;
import java.util.List;
import java.util.Map;

/**
 * A ranking run's metrics on held-out users: every item of the catalog scored for each user (users in chunks of
 * at most {@link #ROWS} rows, one forward pass each), the user's training items left out, the top k ranked, and
 * the held-out items looked for in them.
 */
final class RankingEvaluation {
    static final int ROWS = 1 << 18;

    private RankingEvaluation() {}

    static Map<String, Double> metrics(Trainer trainer, NDManager parent, HeldOut users, int items, int width,
                                       int userAt, int itemAt, List<MetricSpec> metrics) {
        int k = metrics.stream().mapToInt(MetricSpec::rankingK).max().orElse(MetricSpec.RANKING_K);
        int[][] ranked = new int[users.size()][];
        int chunk = Math.max(1, ROWS / Math.max(1, items));
        for (int from = 0; from < users.size(); from += chunk) {
            int to = Math.min(users.size(), from + chunk);
            int[] part = java.util.Arrays.copyOfRange(users.users(), from, to);
            float[] scores;
            try (NDManager scope = parent.newSubManager()) {
                NDArray x = scope.create(Ranking.catalogRows(part, items, width, userAt, itemAt),
                        new Shape((long) part.length * items, width));
                scores = trainer.evaluate(new NDList(x)).singletonOrThrow().toFloatArray();
            }
            for (int u = from; u < to; u++) {
                ranked[u] = Ranking.top(scores, (u - from) * items, items, k, users.excluded()[u]);
            }
        }
        return RankingMetrics.compute(metrics, ranked, users.items(), items);
    }
}
