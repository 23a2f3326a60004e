package dev.kiln.study.prune;

/**
 * A trial's objective per recorded epoch ({@code values[e - 1]} for epoch e; NaN where the epoch did not record it),
 * its ASHA bracket, and whether it succeeded (the median pruner compares with finished trials only).
 */
public record Curve(int number, int bracket, double[] values, boolean succeeded) {

    public int epochs() {
        return values.length;
    }

    /** The best value up to and including {@code epoch}, or NaN when there is none. */
    public double bestUpTo(int epoch, boolean maximize) {
        double best = Double.NaN;
        for (int e = 0; e < Math.min(epoch, values.length); e++) {
            double v = values[e];
            if (!Double.isNaN(v) && (Double.isNaN(best) || (maximize ? v > best : v < best))) {
                best = v;
            }
        }
        return best;
    }
}
