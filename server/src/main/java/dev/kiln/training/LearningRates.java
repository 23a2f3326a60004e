package dev.kiln.training;

import dev.kiln.run.LearningRateSchedule;
import java.util.Map;

/**
 * The learning rate of each epoch, from a resolved schedule (see {@link LearningRateSchedule}). Fixed schedules
 * are functions of the epoch; reduce-on-plateau keeps Keras's state (best, wait, cooldown, current rate), which
 * {@link #state()} exposes for checkpoints.
 */
public final class LearningRates {
    private final double initial;
    private final LearningRateSchedule schedule;
    private final int epochs;
    private final Plateau plateau;

    public LearningRates(double initial, LearningRateSchedule schedule, int epochs) {
        this.initial = initial;
        this.schedule = schedule;
        this.epochs = epochs;
        this.plateau = schedule != null && schedule.type().equals("reduceOnPlateau") ? new Plateau(schedule, initial)
                : null;
    }

    /** The rate to train epoch {@code epoch} (from 1) with. */
    public double at(int epoch) {
        if (schedule == null) {
            return initial;
        }
        return switch (schedule.type()) {
            case "step" -> initial * Math.pow(schedule.factor(), Math.floorDiv(epoch - 1, schedule.every()));
            case "exponential" -> {
                double exponent = (epoch - 1) / (double) schedule.every();
                yield initial * Math.pow(schedule.factor(), schedule.staircase() ? Math.floor(exponent) : exponent);
            }
            case "cosine" -> cosine(epoch);
            case "reduceOnPlateau" -> plateau.rate;
            default -> throw new IllegalStateException("unknown schedule " + schedule.type());
        };
    }

    private double cosine(int epoch) {
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
            plateau.epochEnded(metrics.get(schedule.monitor()));
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
        private final LearningRateSchedule s;
        private final boolean maximise;
        private double best;
        private int wait;
        private int cooldownCounter;
        private double rate;

        Plateau(LearningRateSchedule s, double initial) {
            this.s = s;
            this.maximise = s.mode().equals("max") || s.mode().equals("auto") && s.monitor().contains("acc");
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
