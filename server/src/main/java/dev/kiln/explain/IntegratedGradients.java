package dev.kiln.explain;

import dev.kiln.inference.ModelRuntime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Integrated gradients (Sundararajan, Taly and Yan, 2017): the attribution of input j is
 * {@code (x_j − b_j) · ∫₀¹ ∂f(b + α(x − b))/∂x_j dα}, taken from the gradient (and value) of f at {@code steps + 1}
 * points of the path. On each interval between two points the integral of the gradient is taken as a mix
 * {@code w·g(start) + (1 − w)·g(end)} of its ends' gradients, with w in [0, 1] chosen so that the interval's
 * attributions sum to its change of f: the trapezoid rule where f is smooth, and exact where a ReLU network's path
 * crosses one kink in the interval (the gradient jumps from one end's to the other's; w says where). Half the points
 * cut the path evenly; the others halve, in rounds, the intervals no such w matches (several kinks), largest miss
 * first. What still misses shows in the completeness gap each answer reports. Inputs an embedding reads (ids) do not
 * move: their embedded vectors are scaled by α instead, and their attribution is the integral of the derivative along
 * that scale.
 */
final class IntegratedGradients {
    /** Floats one batch of path points may take (inputs), which bounds a request's memory. */
    private static final int BATCH_FLOATS = 1 << 22;
    /** Rounds of refinement after the even cut. */
    private static final int ROUNDS = 6;

    private IntegratedGradients() {}

    /**
     * @param attributions per row and input, row-major
     * @param values f(x) per row
     * @param baselineValues f(baseline) per row
     */
    record Result(float[] attributions, double[] values, double[] baselineValues) {}

    /** f and its gradient at one point of a row's path. */
    private record Point(double value, float[] gradient) {}

    /** One interval's integral of the gradient, as its two ends' mix, and how far it misses the change of f. */
    private record Interval(double from, double to, double w, double miss) {}

    /**
     * @param x rows of encoded inputs, row-major
     * @param baseline one encoded row where every path starts
     * @param embedded which inputs are ids an embedding reads
     * @param outputs per row, the output (or class) attributed
     */
    static Result attribute(ModelRuntime.LoadedNetwork network, float[] x, int rows, float[] baseline,
                            boolean @Nullable [] embedded, int[] outputs, ModelRuntime.Readout readout, int steps) {
        int width = baseline.length;
        int group = Math.max(1, Math.min(rows, BATCH_FLOATS / Math.max(1, (steps + 1) * width)));
        float[] attributions = new float[rows * width];
        double[] values = new double[rows];
        double[] baselineValues = new double[rows];
        for (int from = 0; from < rows; from += group) {
            int n = Math.min(group, rows - from);
            Paths paths = new Paths(network, x, from, n, baseline, embedded, outputs, readout);
            int even = Math.max(1, (steps + 1) / 2);
            List<double[]> first = new ArrayList<>();
            for (int r = 0; r < n; r++) {
                for (int k = 0; k <= even; k++) {
                    first.add(new double[] {r, (double) k / even});
                }
            }
            paths.evaluate(first);
            int budget = steps - even;
            for (int round = 0; round < ROUNDS && budget > 0; round++) {
                int splits = round == ROUNDS - 1 ? budget : Math.max(1, (budget + 1) / 2);
                List<double[]> next = new ArrayList<>();
                for (int r = 0; r < n; r++) {
                    double change = Math.abs(paths.value(r, 1.0) - paths.value(r, 0.0));
                    int row = r;
                    paths.intervals(r).stream().filter(i -> i.miss() > 1e-4 * change && i.miss() > 1e-12)
                            .sorted(Comparator.comparingDouble(Interval::miss).reversed()).limit(splits)
                            .forEach(i -> next.add(new double[] {row, (i.from() + i.to()) / 2}));
                }
                if (next.isEmpty()) {
                    break;
                }
                paths.evaluate(next);
                budget -= splits;
            }
            for (int r = 0; r < n; r++) {
                int row = (from + r) * width;
                double[] sums = new double[width];
                for (Interval i : paths.intervals(r)) {
                    float[] a = paths.gradient(r, i.from());
                    float[] b = paths.gradient(r, i.to());
                    double length = i.to() - i.from();
                    for (int j = 0; j < width; j++) {
                        sums[j] += length * (i.w() * a[j] + (1 - i.w()) * b[j]);
                    }
                }
                double[] delta = paths.delta(r);
                for (int j = 0; j < width; j++) {
                    attributions[row + j] = (float) (delta[j] * sums[j]);
                }
                values[from + r] = paths.value(r, 1.0);
                baselineValues[from + r] = paths.value(r, 0.0);
            }
        }
        return new Result(attributions, values, baselineValues);
    }

    /** The paths of a group of rows: the points evaluated so far on each. */
    private static final class Paths {
        private final ModelRuntime.LoadedNetwork network;
        private final float[] x;
        private final int from;
        private final float[] baseline;
        private final boolean @Nullable [] embedded;
        private final int[] outputs;
        private final ModelRuntime.Readout readout;
        private final List<TreeMap<Double, Point>> points = new ArrayList<>();

        Paths(ModelRuntime.LoadedNetwork network, float[] x, int from, int rows, float[] baseline,
              boolean @Nullable [] embedded, int[] outputs, ModelRuntime.Readout readout) {
            this.network = network;
            this.x = x;
            this.from = from;
            this.baseline = baseline;
            this.embedded = embedded;
            this.outputs = outputs;
            this.readout = readout;
            for (int r = 0; r < rows; r++) {
                points.add(new TreeMap<>());
            }
        }

        /** The change of the input along the path, per input: x − b, or 1 for ids (their vectors scale with α). */
        double[] delta(int r) {
            int width = baseline.length;
            double[] delta = new double[width];
            for (int j = 0; j < width; j++) {
                delta[j] = embedded != null && embedded[j] ? 1.0 : x[(from + r) * width + j] - baseline[j];
            }
            return delta;
        }

        /** Evaluates f and its gradient at each (row, α), in one batch. */
        void evaluate(List<double[]> at) {
            int width = baseline.length;
            float[] batch = new float[at.size() * width];
            float[] scales = embedded == null ? null : new float[at.size()];
            int[] targets = new int[at.size()];
            for (int p = 0; p < at.size(); p++) {
                int r = (int) at.get(p)[0];
                float alpha = (float) at.get(p)[1];
                int row = (from + r) * width;
                for (int j = 0; j < width; j++) {
                    float v = x[row + j];
                    batch[p * width + j] = embedded != null && embedded[j] ? v : baseline[j] + alpha * (v - baseline[j]);
                }
                if (scales != null) {
                    scales[p] = alpha;
                }
                targets[p] = outputs[from + r];
            }
            ModelRuntime.Gradients g = network.gradients(batch, at.size(), targets, readout, scales);
            for (int p = 0; p < at.size(); p++) {
                points.get((int) at.get(p)[0]).put(at.get(p)[1], new Point(g.values()[p],
                        java.util.Arrays.copyOfRange(g.gradients(), p * width, (p + 1) * width)));
            }
        }

        double value(int r, double alpha) {
            return points.get(r).get(alpha).value();
        }

        float[] gradient(int r, double alpha) {
            return points.get(r).get(alpha).gradient();
        }

        /** The row's intervals with each one's mix of its ends and how far it misses the change of f. */
        List<Interval> intervals(int r) {
            double[] delta = delta(r);
            List<Interval> intervals = new ArrayList<>();
            Map.Entry<Double, Point> previous = null;
            for (Map.Entry<Double, Point> point : points.get(r).entrySet()) {
                if (previous != null) {
                    double length = point.getKey() - previous.getKey();
                    double slopeA = slope(previous.getValue().gradient(), delta);
                    double slopeB = slope(point.getValue().gradient(), delta);
                    double change = point.getValue().value() - previous.getValue().value();
                    double w = Math.abs(slopeA - slopeB) < 1e-12 ? 0.5
                            : Math.max(0, Math.min(1, (change / length - slopeB) / (slopeA - slopeB)));
                    double miss = Math.abs(length * (w * slopeA + (1 - w) * slopeB) - change);
                    intervals.add(new Interval(previous.getKey(), point.getKey(), w, miss));
                }
                previous = point;
            }
            return intervals;
        }

        private static double slope(float[] gradient, double[] delta) {
            double slope = 0;
            for (int j = 0; j < gradient.length; j++) {
                slope += gradient[j] * delta[j];
            }
            return slope;
        }
    }
}
