package dev.kiln.study.search;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A Parzen estimator over {@code [low, high]}: one Gaussian per observation plus a wide prior one, each truncated to
 * the range, as the TPE paper builds l(x) and g(x). A component's width is the larger distance to its neighbours
 * (the range's ends count as neighbours), clipped to [range / min(100, n + 1), range] — Optuna's "magic clip".
 */
final class Parzen {
    private static final double PRIOR_WEIGHT = 1.0;
    private final double low;
    private final double high;
    private final double[] mus;
    private final double[] sigmas;
    private final double[] weights;
    private final double[] mass;

    Parzen(double[] observations, double low, double high) {
        this.low = low;
        this.high = high;
        int n = observations.length;
        double range = high - low;
        double[] all = Arrays.copyOf(observations, n + 1);
        all[n] = (low + high) / 2;
        Integer[] order = new Integer[n + 1];
        for (int i = 0; i <= n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(all[a], all[b]));
        mus = all;
        sigmas = new double[n + 1];
        double minSigma = range / Math.min(100.0, n + 1.0);
        for (int r = 0; r <= n; r++) {
            int i = order[r];
            double left = all[i] - (r == 0 ? low : all[order[r - 1]]);
            double right = (r == n ? high : all[order[r + 1]]) - all[i];
            sigmas[i] = Math.min(range, Math.max(minSigma, Math.max(left, right)));
        }
        sigmas[n] = range;
        weights = new double[n + 1];
        Arrays.fill(weights, 1.0 / (n + PRIOR_WEIGHT));
        weights[n] = PRIOR_WEIGHT / (n + PRIOR_WEIGHT);
        mass = new double[n + 1];
        for (int i = 0; i <= n; i++) {
            mass[i] = Math.max(1e-12, cdf((high - mus[i]) / sigmas[i]) - cdf((low - mus[i]) / sigmas[i]));
        }
    }

    double sample(SplittableRandom random) {
        double u = random.nextDouble();
        int i = 0;
        while (i < weights.length - 1 && (u -= weights[i]) > 0) {
            i++;
        }
        for (int tries = 0; tries < 100; tries++) {
            double x = mus[i] + sigmas[i] * gaussian(random);
            if (x >= low && x <= high) {
                return x;
            }
        }
        return Math.min(high, Math.max(low, mus[i]));
    }

    double logDensity(double x) {
        double sum = 0;
        for (int i = 0; i < mus.length; i++) {
            double z = (x - mus[i]) / sigmas[i];
            sum += weights[i] * Math.exp(-0.5 * z * z) / (Math.sqrt(2 * Math.PI) * sigmas[i] * mass[i]);
        }
        return Math.log(Math.max(sum, 1e-300));
    }

    private static double gaussian(SplittableRandom random) {
        double u1 = random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(Math.max(u1, 1e-300))) * Math.cos(2 * Math.PI * u2);
    }

    /** The standard normal CDF, by Abramowitz and Stegun 7.1.26 (error below 1.5e-7). */
    static double cdf(double z) {
        double x = Math.abs(z) / Math.sqrt(2);
        double t = 1 / (1 + 0.3275911 * x);
        double erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592)
                * t * Math.exp(-x * x);
        return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
    }
}
