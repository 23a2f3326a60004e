package dev.kiln.study.search;

import dev.kiln.study.space.Domain;
import dev.kiln.study.space.Space;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The Tree-structured Parzen Estimator (Bergstra et al., 2011), per parameter as Optuna's default: after
 * {@code startupTrials} random trials, the finished trials that decided a parameter are split into the best
 * γ = 25% (at most 25; Hyperopt's γ) and the rest; a Parzen estimator of each, l(x) and g(x), is fitted in the
 * parameter's scale (log for logUniform); 24 candidates are drawn from l and the one with the largest l(x)/g(x) is
 * taken. A choice's estimators are its options' counts plus a uniform prior. Pruned trials rank after every
 * complete one (they only ever count among the rest); running, failed and cancelled trials are left out.
 * A conditional parameter learns only from the trials whose choices activated it.
 */
public record Tpe(Space space, long seed, int startupTrials) implements Sampler {
    static final double GAMMA = 0.25;
    static final int MAX_BELOW = 25;
    static final int CANDIDATES = 24;

    public Optional<Map<String, Double>> next(int number, List<Observation> history) {
        SplittableRandom random = Sampler.random(seed, number);
        long complete = history.stream().filter(o -> o.kind() == Observation.Kind.COMPLETE).count();
        if (complete < startupTrials) {
            return Optional.of(space.decide((d, decided) -> d.domain().random(random)));
        }
        List<Observation> ranked = new ArrayList<>(history);
        ranked.sort(Comparator.comparing((Observation o) -> o.kind() == Observation.Kind.PRUNED)
                .thenComparingDouble(Observation::score));
        return Optional.of(space.decide((d, decided) -> decide(d, ranked, random)));
    }

    private static double decide(Space.Dimension d, List<Observation> ranked, SplittableRandom random) {
        List<Observation> seen = ranked.stream().filter(o -> o.decisions().containsKey(d.key())).toList();
        long complete = seen.stream().filter(o -> o.kind() == Observation.Kind.COMPLETE).count();
        int below = (int) Math.min(MAX_BELOW, Math.ceil(GAMMA * complete));
        if (below < 1 || seen.size() - below < 1) {
            return d.domain().random(random);
        }
        double[] good = seen.subList(0, below).stream().mapToDouble(o -> o.decisions().get(d.key())).toArray();
        double[] rest = seen.subList(below, seen.size()).stream().mapToDouble(o -> o.decisions().get(d.key()))
                .toArray();
        if (d.domain() instanceof Domain.Choice choice) {
            return categorical(choice.options().size(), good, rest, random);
        }
        return numeric(d.domain(), good, rest, random);
    }

    private static double categorical(int k, double[] good, double[] rest, SplittableRandom random) {
        double[] l = weights(k, good);
        double[] g = weights(k, rest);
        double bestRatio = Double.NEGATIVE_INFINITY;
        int best = 0;
        for (int c = 0; c < CANDIDATES; c++) {
            double u = random.nextDouble();
            int option = 0;
            while (option < k - 1 && (u -= l[option]) > 0) {
                option++;
            }
            double ratio = Math.log(l[option]) - Math.log(g[option]);
            if (ratio > bestRatio) {
                bestRatio = ratio;
                best = option;
            }
        }
        return best;
    }

    private static double[] weights(int k, double[] picks) {
        double[] w = new double[k];
        java.util.Arrays.fill(w, 1.0 / k);
        for (double p : picks) {
            w[(int) p] += 1;
        }
        double total = picks.length + 1.0;
        for (int i = 0; i < k; i++) {
            w[i] /= total;
        }
        return w;
    }

    private static double numeric(Domain domain, double[] good, double[] rest, SplittableRandom random) {
        boolean log = domain instanceof Domain.LogUniform;
        double half = domain instanceof Domain.IntUniform i ? i.step() / 2.0
                : domain instanceof Domain.Uniform u && u.step() != null ? u.step() / 2 : 0;
        double low;
        double high;
        if (domain instanceof Domain.LogUniform d) {
            low = Math.log(d.low());
            high = Math.log(d.high());
        } else if (domain instanceof Domain.IntUniform d) {
            low = d.low() - half;
            high = d.low() + d.step() * (d.count() - 1) + half;
        } else if (domain instanceof Domain.Uniform d) {
            low = d.low() - half;
            high = d.high() + half;
        } else {
            throw new IllegalArgumentException("a choice is categorical");
        }
        Parzen l = new Parzen(scale(good, log), low, high);
        Parzen g = new Parzen(scale(rest, log), low, high);
        double best = Double.NaN;
        double bestRatio = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < CANDIDATES; c++) {
            double x = l.sample(random);
            double ratio = l.logDensity(x) - g.logDensity(x);
            if (ratio > bestRatio) {
                bestRatio = ratio;
                best = x;
            }
        }
        if (domain instanceof Domain.LogUniform d) {
            return Math.min(d.high(), Math.max(d.low(), Math.exp(best)));
        }
        return domain instanceof Domain.IntUniform d ? d.snap(best) : ((Domain.Uniform) domain).snap(best);
    }

    private static double[] scale(double[] values, boolean log) {
        return log ? java.util.Arrays.stream(values).map(Math::log).toArray() : values;
    }
}
