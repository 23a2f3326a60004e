package dev.kiln.study.internal;

import dev.kiln.run.EpochMetric;
import dev.kiln.study.Objective;
import dev.kiln.study.Trial;
import dev.kiln.study.TrialState;
import dev.kiln.study.prune.Curve;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A trial's objective per epoch, read from the epoch rows its run recorded. */
final class Curves {
    private Curves() {}

    static Curve of(Trial trial, List<EpochMetric> epochs, String metric) {
        int last = epochs.isEmpty() ? 0 : epochs.get(epochs.size() - 1).getEpoch();
        double[] values = new double[last];
        java.util.Arrays.fill(values, Double.NaN);
        for (EpochMetric e : epochs) {
            Double v = e.getMetrics().get(metric);
            if (v != null && Double.isFinite(v)) {
                values[e.getEpoch() - 1] = v;
            }
        }
        return new Curve(trial.number(), trial.bracket(), values, trial.state() == TrialState.SUCCEEDED);
    }

    static List<Curve> of(List<Trial> trials, Map<UUID, List<EpochMetric>> epochs, String metric) {
        return trials.stream().filter(t -> t.runId() != null)
                .map(t -> of(t, epochs.getOrDefault(t.runId(), List.of()), metric)).toList();
    }

    /** The objective (its best epoch's value), that epoch, and the epochs recorded; null values when none has it. */
    record Progress(Double objective, Integer bestEpoch, int epochs) {}

    static Progress progress(List<EpochMetric> epochs, Objective objective) {
        Double best = null;
        Integer bestEpoch = null;
        for (EpochMetric e : epochs) {
            Double v = e.getMetrics().get(objective.metric());
            if (v != null && Double.isFinite(v) && (best == null || objective.score(v) < objective.score(best))) {
                best = v;
                bestEpoch = e.getEpoch();
            }
        }
        return new Progress(best, bestEpoch, epochs.size());
    }
}
