package dev.kiln.study.prune;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * When a study stops a trial early, decided from the epochs every trial has recorded. Each decision compares a
 * trial's best objective so far (up to the epoch in question) with other trials' best up to the same epoch.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Pruner.None.class, name = "none"),
        @JsonSubTypes.Type(value = Pruner.Median.class, name = "median"),
        @JsonSubTypes.Type(value = Pruner.Asha.class, name = "asha")})
@Schema(description = "none, median or asha, each with its own fields")
public sealed interface Pruner {

    /** A decision to stop: the rung (ASHA's, or the epoch for the median rule) and why. */
    record Decision(int rung, int epoch, String reason) {}

    /**
     * Whether {@code trial}, which has just recorded {@code epoch} of its {@code maxEpochs}, stops now; {@code all}
     * holds every trial of the study, this one included.
     */
    Optional<Decision> decide(Curve trial, int epoch, int maxEpochs, List<Curve> all, String metric, boolean maximize);

    /** The ASHA bracket of trial {@code number} (0 for the other pruners). */
    default int bracket(int number) {
        return 0;
    }

    /** Every trial trains all its epochs. */
    @Schema(description = "every trial trains all its epochs")
    record None() implements Pruner {
        public Optional<Decision> decide(Curve trial, int epoch, int maxEpochs, List<Curve> all, String metric,
                                         boolean maximize) {
            return Optional.empty();
        }
    }

    /**
     * Optuna's median rule: from epoch {@code minEpochs} on, once {@code startupTrials} trials have succeeded, a trial
     * whose best so far is worse than the median of the succeeded trials' best up to the same epoch stops.
     */
    @Schema(description = "stop a trial whose best objective so far is worse than the median of the succeeded trials' "
            + "at the same epoch")
    record Median(@Schema(description = "warm-up: no trial stops before this epoch; 1 when absent") @Min(1) @Max(100_000)
                  @Nullable Integer minEpochs,
                  @Schema(description = "trials that must have succeeded before any stops; 5 when absent") @Min(1)
                  @Max(1000) @Nullable Integer startupTrials) implements Pruner {
        public Median {
            minEpochs = minEpochs == null ? 1 : minEpochs;
            startupTrials = startupTrials == null ? 5 : startupTrials;
        }

        public Optional<Decision> decide(Curve trial, int epoch, int maxEpochs, List<Curve> all, String metric,
                                         boolean maximize) {
            if (epoch < minEpochs || epoch >= maxEpochs) {
                return Optional.empty();
            }
            double[] peers = all.stream().filter(c -> c.succeeded() && c.number() != trial.number()
                    && c.epochs() >= epoch).mapToDouble(c -> c.bestUpTo(epoch, maximize))
                    .filter(v -> !Double.isNaN(v)).sorted().toArray();
            double mine = trial.bestUpTo(epoch, maximize);
            if (peers.length < startupTrials || Double.isNaN(mine)) {
                return Optional.empty();
            }
            double median = peers.length % 2 == 1 ? peers[peers.length / 2]
                    : (peers[peers.length / 2 - 1] + peers[peers.length / 2]) / 2;
            boolean worse = maximize ? mine < median : mine > median;
            return worse ? Optional.of(new Decision(epoch, epoch, "best " + metric + " so far " + format(mine)
                    + " at epoch " + epoch + " is worse than the median " + format(median) + " of " + peers.length
                    + " succeeded trials at that epoch")) : Optional.empty();
        }
    }

    /**
     * Asynchronous successive halving (Li et al., 2020): rung k of bracket s is at epoch minEpochs·η^(s+k) (below the
     * trial's last epoch). A trial reaching a rung goes on only if its best so far is among the top 1/η of the trials
     * of its bracket that have reached the rung so far (the first to arrive always goes on); otherwise it stops there.
     * Trials are dealt to brackets in turn by number; bracket s starts halving η^s times later.
     */
    @Schema(description = "asynchronous successive halving: stop a trial that is not among the top 1/reductionFactor at "
            + "a rung")
    record Asha(@Schema(description = "the first rung's epoch; 1 when absent") @Min(1) @Max(100_000)
                @Nullable Integer minEpochs,
                @Schema(description = "η: rungs are η times apart and 1/η of the trials go on; 3 when absent") @Min(2)
                @Max(100) @Nullable Integer reductionFactor,
                @Schema(description = "brackets (Hyperband's), trials dealt to them in turn; 1 when absent") @Min(1)
                @Max(10) @Nullable Integer brackets) implements Pruner {
        public Asha {
            minEpochs = minEpochs == null ? 1 : minEpochs;
            reductionFactor = reductionFactor == null ? 3 : reductionFactor;
            brackets = brackets == null ? 1 : brackets;
        }

        @Override
        public int bracket(int number) {
            return number % brackets;
        }

        /** The rung at {@code epoch} in bracket {@code s} of a trial of {@code maxEpochs}, or -1 when none is there. */
        int rung(int epoch, int s, int maxEpochs) {
            long at = minEpochs * (long) Math.pow(reductionFactor, s);
            for (int k = 0; at < maxEpochs; k++, at *= reductionFactor) {
                if (at == epoch) {
                    return k;
                }
            }
            return -1;
        }

        public Optional<Decision> decide(Curve trial, int epoch, int maxEpochs, List<Curve> all, String metric,
                                         boolean maximize) {
            int rung = rung(epoch, trial.bracket(), maxEpochs);
            double mine = trial.bestUpTo(epoch, maximize);
            if (rung < 0 || Double.isNaN(mine)) {
                return Optional.empty();
            }
            List<Double> reached = all.stream().filter(c -> c.bracket() == trial.bracket() && c.epochs() >= epoch)
                    .map(c -> c.bestUpTo(epoch, maximize)).filter(v -> !Double.isNaN(v))
                    .sorted(maximize ? Comparator.reverseOrder() : Comparator.naturalOrder()).toList();
            int promotable = Math.max(0, reached.size() / reductionFactor - 1);
            double cut = reached.get(promotable);
            boolean goesOn = maximize ? mine >= cut : mine <= cut;
            return goesOn ? Optional.empty() : Optional.of(new Decision(rung, epoch, "at rung " + rung + " (epoch "
                    + epoch + ") best " + metric + " so far " + format(mine) + " is not among the top 1/"
                    + reductionFactor + " of the " + reached.size() + " trials that reached it (the cut is "
                    + format(cut) + ")"));
        }
    }

    private static String format(double v) {
        return String.format(java.util.Locale.ROOT, "%.6g", v);
    }
}
