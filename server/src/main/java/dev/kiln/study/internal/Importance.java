package dev.kiln.study.internal;

import dev.kiln.study.Objective;
import dev.kiln.study.Trial;
import dev.kiln.study.TrialState;
import dev.kiln.study.space.Domain;
import dev.kiln.study.space.Space;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A simple, rank-based estimate of how much each parameter mattered, over the succeeded trials: for a number, the
 * absolute Spearman correlation between its value and the objective; for a choice, the correlation ratio η between
 * the option picked and the objective's rank. A parameter needs 3 trials that decided it and some spread. The
 * estimates are scaled to sum to 1 (as Optuna's importances do); with fewer than 3 trials there are none.
 */
public final class Importance {
    private Importance() {}

    public static Map<String, Double> of(Space space, List<Trial> trials, Objective objective) {
        List<Trial> done = trials.stream().filter(t -> t.state() == TrialState.SUCCEEDED && t.objective() != null)
                .toList();
        Map<String, Double> raw = new LinkedHashMap<>();
        if (done.size() < 3) {
            return raw;
        }
        for (Space.Dimension d : space.dimensions()) {
            List<Trial> seen = done.stream().filter(t -> t.decisions().containsKey(d.key())).toList();
            if (seen.size() < 3) {
                continue;
            }
            double[] x = seen.stream().mapToDouble(t -> t.decisions().get(d.key())).toArray();
            double[] y = ranks(seen.stream().mapToDouble(t -> objective.score(t.objective())).toArray());
            raw.put(d.key(), d.domain() instanceof Domain.Choice ? eta(x, y) : Math.abs(pearson(ranks(x), y)));
        }
        double sum = raw.values().stream().mapToDouble(Double::doubleValue).sum();
        Map<String, Double> scaled = new LinkedHashMap<>();
        raw.forEach((k, v) -> scaled.put(k, sum > 0 ? Math.round(v / sum * 10000) / 10000.0 : 0.0));
        return scaled;
    }

    /** Average ranks (1-based, ties share their mean rank). */
    static double[] ranks(double[] values) {
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
        double[] ranks = new double[values.length];
        for (int i = 0; i < order.length; ) {
            int j = i;
            while (j + 1 < order.length && values[order[j + 1]] == values[order[i]]) {
                j++;
            }
            for (int k = i; k <= j; k++) {
                ranks[order[k]] = (i + j) / 2.0 + 1;
            }
            i = j + 1;
        }
        return ranks;
    }

    static double pearson(double[] x, double[] y) {
        double mx = Arrays.stream(x).average().orElse(0);
        double my = Arrays.stream(y).average().orElse(0);
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxx == 0 || syy == 0 ? 0 : sxy / Math.sqrt(sxx * syy);
    }

    /** The correlation ratio: the share of y's spread explained by the groups x forms, square-rooted. */
    static double eta(double[] groups, double[] y) {
        double mean = Arrays.stream(y).average().orElse(0);
        Map<Double, List<Double>> byGroup = new LinkedHashMap<>();
        for (int i = 0; i < groups.length; i++) {
            byGroup.computeIfAbsent(groups[i], g -> new ArrayList<>()).add(y[i]);
        }
        double between = 0;
        for (List<Double> members : byGroup.values()) {
            double m = members.stream().mapToDouble(Double::doubleValue).average().orElse(0);
            between += members.size() * (m - mean) * (m - mean);
        }
        double total = Arrays.stream(y).map(v -> (v - mean) * (v - mean)).sum();
        return total == 0 ? 0 : Math.sqrt(between / total);
    }
}
