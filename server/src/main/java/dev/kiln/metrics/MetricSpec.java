package dev.kiln.metrics;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A metric a run records, written as its name ({@code "f1"}) or as an object with options
 * ({@code {"name": "f1", "average": "weighted"}}, {@code {"name": "topKAccuracy", "k": 3}}).
 *
 * @param k topKAccuracy: how many of the most probable classes count (default 5)
 * @param average precision, recall, f1 on more than two classes: macro (default), weighted or micro
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MetricSpec(String name, Integer k, String average) {
    public static final List<String> CLASSIFICATION = List.of("accuracy", "precision", "recall", "f1", "auc",
            "topKAccuracy");
    public static final List<String> REGRESSION = List.of("mse", "mae", "rmse", "r2");
    private static final Set<String> AVERAGES = Set.of("macro", "weighted", "micro");
    /** Metrics where higher is better (for "auto" modes); all others improve downwards. */
    private static final Set<String> RISING = Set.of("accuracy", "precision", "recall", "f1", "auc", "topKAccuracy",
            "r2", "hitRate", "ndcg", "map", "coverage");
    /** A ranking metric's k when the request leaves it out. */
    public static final int RANKING_K = 10;

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static MetricSpec named(String name) {
        return new MetricSpec(name, null, null);
    }

    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    public static MetricSpec of(@JsonProperty("name") String name, @JsonProperty("k") Integer k,
                                @JsonProperty("average") String average) {
        return new MetricSpec(name, k, average);
    }

    /** The key under which the metric is recorded ({@code val_} and {@code test_} are prefixed to it). */
    public String key() {
        return k != null && RankingMetrics.NAMES.contains(name) ? name + "@" + k : name;
    }

    /** A ranking metric with its k settled ({@code hitRate} becomes {@code hitRate@10}). */
    public MetricSpec forRanking() {
        return new MetricSpec(name, k == null ? RANKING_K : k, average);
    }

    /** A ranking metric's cut-off. */
    public int rankingK() {
        return k == null ? RANKING_K : k;
    }

    /** Why this metric cannot be recorded by a ranking run over {@code items} items, or null. */
    public String rankingProblem(int items) {
        if (!RankingMetrics.NAMES.contains(name)) {
            return "unknown ranking metric '" + name + "'; expected one of " + String.join(", ", RankingMetrics.NAMES)
                    + " (each with a k, default " + RANKING_K + ")";
        }
        if (rankingK() < 1 || items > 0 && rankingK() > items) {
            return "k must be between 1 and the number of items" + (items > 0 ? " (" + items + ")" : "");
        }
        return null;
    }

    public int topK() {
        return k == null ? 5 : k;
    }

    public Average averaging() {
        return average == null ? Average.MACRO : Average.valueOf(average.toUpperCase(Locale.ROOT));
    }

    /** Why this metric cannot be recorded for a classifier ({@code classes} > 0) or a regression (0), or null. */
    public String problem(int classes) {
        boolean classification = classes > 0;
        if (!CLASSIFICATION.contains(name) && !REGRESSION.contains(name)) {
            return "unknown metric '" + name + "'; expected one of " + String.join(", ", CLASSIFICATION) + ", "
                    + String.join(", ", REGRESSION);
        }
        if (classification && REGRESSION.contains(name)) {
            return name + " applies to regression, not to classification";
        }
        if (!classification && CLASSIFICATION.contains(name)) {
            return name + " applies to classification, not to regression";
        }
        if (average != null && !AVERAGES.contains(average.toLowerCase(Locale.ROOT))) {
            return "unknown average '" + average + "'; expected macro, weighted or micro";
        }
        if (k != null && !name.equals("topKAccuracy")) {
            return "k applies to topKAccuracy (and to a ranking run's metrics), not to " + name;
        }
        if (name.equals("topKAccuracy") && (topK() < 1 || topK() >= classes)) {
            return "k must be between 1 and the number of classes minus one (" + (classes - 1) + ")";
        }
        return null;
    }

    /** Whether a larger value of metric {@code name} (optionally prefixed val_/test_) is better. */
    public static boolean rises(String name) {
        String bare = name.startsWith("val_") ? name.substring(4) : name.startsWith("test_") ? name.substring(5) : name;
        bare = bare.contains("@") ? bare.substring(0, bare.indexOf('@')) : bare;
        return RISING.contains(bare);
    }

    /** How multiclass precision, recall and F1 are averaged over classes. */
    public enum Average { MACRO, WEIGHTED, MICRO }
}
