package dev.kiln.training;

import dev.kiln.run.spec.Schedule;
import java.util.Map;

/**
 * The learning rate of each epoch, from a resolved schedule (see {@link Schedule}). Fixed schedules are functions of
 * the epoch; reduce-on-plateau keeps Keras's state (best, wait, cooldown, current rate), which {@link #state()}
 * exposes for checkpoints.
 */
public final class LearningRates {
    private final double initial;
    private final Schedule schedule;
    private final int epochs;
    private final Plateau plateau;

    public LearningRates(double initial, Schedule schedule, int epochs) {
        this.initial = initial;
        this.schedule = schedule;
        this.epochs = epochs;
        this.plateau = schedule instanceof Schedule.ReduceOnPlateau p ? new Plateau(p, initial) : null;
    }

    /** The rate to train epoch {@code epoch} (from 1) with. */
    public double at(int epoch) {
        if (schedule instanceof Schedule.Step s) {
            return initial * Math.pow(s.factor(), Math.floorDiv(epoch - 1, s.every()));
        }
        if (schedule instanceof Schedule.Exponential e) {
            double exponent = (epoch - 1) / (double) e.every();
            return initial * Math.pow(e.factor(), e.staircase() ? Math.floor(exponent) : exponent);
        }
        if (schedule instanceof Schedule.Cosine c) {
            return cosine(c, epoch);
        }
        return plateau != null ? plateau.rate : initial;
    }

    private double cosine(Schedule.Cosine schedule, int epoch) {
        int warmup = schedule.warmupEpochs();
        if (epoch <= warmup) {
            return initial * epoch / warmup;
        }
        int decay = schedule.decayEpochs() != null ? schedule.decayEpochs() : Math.max(1, epochs - warmup);
        double step = Math.min(epoch - warmup - 1, decay);
        double cosine = 0.5 * (1 + Math.cos(Math.PI * step / decay));
        return initial * ((1 - schedule.alpha()) * cosine + schedule.alpha());
    }

    /** Reports an epoch's metrics (reduce-on-plateau reacts to them; fixed schedules ignore them). */
    public void epochEnded(Map<String, Double> metrics) {
        if (plateau != null) {
            plateau.epochEnded(metrics.get(plateau.s.monitor()));
        }
    }

    /** Reduce-on-plateau's state (best, wait, cooldown, rate), or null for fixed schedules. */
    public double[] state() {
        return plateau == null ? null : new double[] {plateau.best, plateau.wait, plateau.cooldownCounter, plateau.rate};
    }

    public void restore(double[] state) {
        if (plateau != null && state != null) {
            plateau.best = state[0];
            plateau.wait = (int) state[1];
            plateau.cooldownCounter = (int) state[2];
            plateau.rate = state[3];
        }
    }

    /** Keras's ReduceLROnPlateau, one epoch at a time. */
    private static final class Plateau {
        private final Schedule.ReduceOnPlateau s;
        private final boolean maximise;
        private double best;
        private int wait;
        private int cooldownCounter;
        private double rate;

        Plateau(Schedule.ReduceOnPlateau s, double initial) {
            this.s = s;
            this.maximise = s.mode().maximises(s.monitor());
            this.best = maximise ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            this.rate = initial;
        }

        void epochEnded(Double current) {
            if (current == null) {
                return;
            }
            if (cooldownCounter > 0) {
                cooldownCounter--;
                wait = 0;
            }
            boolean improved = maximise ? current > best + s.minDelta() : current < best - s.minDelta();
            if (improved) {
                best = current;
                wait = 0;
            } else if (cooldownCounter == 0) {
                wait++;
                if (wait >= s.patience() && rate > (float) (double) s.minLr()) {
                    rate = Math.max(rate * s.factor(), s.minLr());
                    cooldownCounter = s.cooldown();
                    wait = 0;
                }
            }
        }
    }
}
