package dev.kiln.metrics;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Top-k ranking metrics over users, each with its ranked recommendations (its training items already left out)
 * and its held-out items. Per user, with {@code hits} the recommended items that are held out:
 * <ul>
 *   <li>{@code hitRate@k}: 1 when any of the top k is held out;</li>
 *   <li>{@code precision@k}: hits / k; {@code recall@k}: hits / held-out items;</li>
 *   <li>{@code ndcg@k}: Σ over hits at rank r (1-based) of 1/log₂(r+1), over the ideal Σ_{r=1}^{min(k, held out)};</li>
 *   <li>{@code map@k}: Σ over hits at rank r of precision@r, over min(k, held out);</li>
 * </ul>
 * each averaged over the users that have held-out items; {@code coverage@k}: the share of the catalog's items that
 * appear in some user's top k.
 */
public final class RankingMetrics {
    public static final List<String> NAMES = List.of("hitRate", "ndcg", "precision", "recall", "map", "coverage");

    private RankingMetrics() {}

    /**
     * @param ranked per user its recommended items, best first (at least k when the catalog allows)
     * @param heldOut per user its held-out items
     * @param catalogSize items that could be recommended
     */
    public static Map<String, Double> compute(List<MetricSpec> metrics, int[][] ranked, int[][] heldOut,
                                              int catalogSize) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (MetricSpec metric : metrics) {
            values.put(metric.key(), value(metric.name(), metric.rankingK(), ranked, heldOut, catalogSize));
        }
        return values;
    }

    static double value(String name, int k, int[][] ranked, int[][] heldOut, int catalogSize) {
        if (name.equals("coverage")) {
            Set<Integer> shown = new HashSet<>();
            for (int[] list : ranked) {
                for (int i = 0; i < Math.min(k, list.length); i++) {
                    shown.add(list[i]);
                }
            }
            return catalogSize == 0 ? 0 : (double) shown.size() / catalogSize;
        }
        double sum = 0;
        int users = 0;
        for (int u = 0; u < ranked.length; u++) {
            if (heldOut[u].length == 0) {
                continue;
            }
            users++;
            sum += perUser(name, k, ranked[u], heldOut[u]);
        }
        return users == 0 ? 0 : sum / users;
    }

    private static double perUser(String name, int k, int[] ranked, int[] heldOut) {
        Set<Integer> relevant = new HashSet<>();
        for (int item : heldOut) {
            relevant.add(item);
        }
        int hits = 0;
        double dcg = 0;
        double precisions = 0;
        for (int r = 0; r < Math.min(k, ranked.length); r++) {
            if (relevant.contains(ranked[r])) {
                hits++;
                dcg += 1 / log2(r + 2);
                precisions += (double) hits / (r + 1);
            }
        }
        int ideal = Math.min(k, relevant.size());
        return switch (name) {
            case "hitRate" -> hits > 0 ? 1 : 0;
            case "precision" -> (double) hits / k;
            case "recall" -> (double) hits / relevant.size();
            case "ndcg" -> {
                double best = 0;
                for (int r = 0; r < ideal; r++) {
                    best += 1 / log2(r + 2);
                }
                yield dcg / best;
            }
            case "map" -> precisions / ideal;
            default -> throw new IllegalArgumentException("not a ranking metric: " + name);
        };
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
