package dev.kiln.training;

import dev.kiln.run.spec.EarlyStoppingSpec;
import java.util.Map;

/**
 * Keras's EarlyStopping, one epoch at a time (epochs count from 1 here, from 0 in Keras): skipped before
 * {@code startFromEpoch}; an improvement beyond {@code minDelta} becomes the best (and its epoch the best epoch)
 * but resets the patience only when it also beats {@code baseline}; training stops when {@code patience} epochs
 * passed without a reset, never after the first epoch. {@link #state()} exposes the state for checkpoints.
 */
public final class EarlyStopping {
    private final EarlyStoppingSpec spec;
    private final boolean maximise;
    private double best;
    private int wait;
    private int bestEpoch;
    private int stoppedEpoch;

    public EarlyStopping(EarlyStoppingSpec spec) {
        this.spec = spec;
        this.maximise = spec.maximises();
        this.best = maximise ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }

    /** What the epoch meant: whether it is the best so far, and whether training stops after it. */
    public record Verdict(boolean best, boolean stop) {}

    public Verdict epochEnded(int epoch, Map<String, Double> metrics) {
        Double current = metrics.get(spec.monitor());
        if (current == null || epoch - 1 < spec.startFromEpoch()) {
            return new Verdict(false, false);
        }
        boolean firstWatched = bestEpoch == 0;
        wait++;
        if (improves(current, best)) {
            best = current;
            bestEpoch = epoch;
            if (spec.baseline() == null || improves(current, spec.baseline())) {
                wait = 0;
            }
            return new Verdict(true, false);
        }
        // Keras keeps the first watched epoch's weights (when restoring) until an epoch improves on them
        boolean keep = firstWatched && spec.restoreBestWeights();
        if (keep) {
            bestEpoch = epoch;
        }
        if (wait >= spec.patience() && epoch > 1) {
            stoppedEpoch = epoch;
            return new Verdict(keep, true);
        }
        return new Verdict(keep, false);
    }

    private boolean improves(double value, double reference) {
        return maximise ? value - spec.minDelta() > reference : value + spec.minDelta() < reference;
    }

    public boolean restoresBestWeights() {
        return spec.restoreBestWeights();
    }

    /** The epoch whose weights are the best seen (0 before any epoch was watched). */
    public int bestEpoch() {
        return bestEpoch;
    }

    /** The epoch after which training stopped (0 while it has not). */
    public int stoppedEpoch() {
        return stoppedEpoch;
    }

    public double[] state() {
        return new double[] {best, wait, bestEpoch, stoppedEpoch};
    }

    public void restore(double[] state) {
        if (state != null) {
            best = state[0];
            wait = (int) state[1];
            bestEpoch = (int) state[2];
            stoppedEpoch = (int) state[3];
        }
    }
}
