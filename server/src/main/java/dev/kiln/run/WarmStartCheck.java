package dev.kiln.run;

import dev.kiln.model.Convolutions;
import dev.kiln.model.ModelSpec;
import dev.kiln.domain.Violation;
import java.util.List;
import java.util.Optional;

/** A warm start needs a finished parent with the same architecture, task and features, and the weights asked for. */
final class WarmStartCheck {
    private static final String FIELD = "initFrom.";

    private WarmStartCheck() {}

    static void check(InitFrom init, Optional<Run> found, ModelSpec spec, Task task, List<String> features,
                      List<Violation> violations) {
        if (found.isEmpty()) {
            violations.add(new Violation(FIELD + "runId", "no run with id " + init.runId()));
            return;
        }
        Run parent = found.get();
        if (parent.getStatus() != RunStatus.SUCCEEDED) {
            violations.add(new Violation(FIELD + "runId", "run " + init.runId() + " is " + parent.getStatus()
                    + "; only a SUCCEEDED run's weights can be used"));
            return;
        }
        if (init.checkpoint() == InitFrom.Weights.BEST && parent.getBestCheckpoint().isEmpty()) {
            violations.add(new Violation(FIELD + "checkpoint", "run " + init.runId() + " has no best checkpoint"));
            return;
        }
        ModelSpec parentSpec = parent.getModelSpec().orElse(null);
        String difference = parentSpec == null ? "its model definition was deleted before Kiln kept a copy"
                : difference(parentSpec, spec);
        if (difference == null && parent.getTask() != task) {
            difference = "its task is " + parent.getTask().json() + ", this run's is " + task.json();
        }
        if (difference == null && !parent.getFeatures().equals(features)) {
            difference = "its features are " + parent.getFeatures() + ", this run's are " + features;
        }
        if (difference != null) {
            violations.add(new Violation(FIELD + "runId", "the parent's architecture differs: " + difference));
        }
    }

    private static String difference(ModelSpec parent, ModelSpec spec) {
        if (parent.layers().size() != spec.layers().size()) {
            return "it has " + parent.layers().size() + " layers, this model " + spec.layers().size();
        }
        for (int i = 0; i < spec.layers().size(); i++) {
            var a = parent.layers().get(i);
            var b = spec.layers().get(i);
            boolean same = a.getClass() == b.getClass() && sameParameters(a, b);
            if (!same) {
                return "layers[" + i + "] is " + describe(a) + " there, " + describe(b) + " here";
            }
        }
        return null;
    }

    /** Whether two layers of the same kind hold parameters of the same shapes. */
    private static boolean sameParameters(dev.kiln.model.LayerSpec a, dev.kiln.model.LayerSpec b) {
        if (a instanceof dev.kiln.model.LayerSpec.Dense da && b instanceof dev.kiln.model.LayerSpec.Dense db) {
            return da.units().equals(db.units()) && da.useBias().equals(db.useBias());
        }
        if (a instanceof dev.kiln.model.Convolutions.Conv2d ca && b instanceof dev.kiln.model.Convolutions.Conv2d cb) {
            return ca.filters().equals(cb.filters()) && ca.kernelSize().equals(cb.kernelSize())
                    && ca.useBias().equals(cb.useBias());
        }
        if (a instanceof dev.kiln.model.Convolutions.Conv1d ca && b instanceof dev.kiln.model.Convolutions.Conv1d cb) {
            return ca.filters().equals(cb.filters()) && ca.kernelSize().equals(cb.kernelSize())
                    && ca.useBias().equals(cb.useBias());
        }
        return true;
    }

    private static String describe(dev.kiln.model.LayerSpec layer) {
        if (layer instanceof dev.kiln.model.LayerSpec.Dense d) {
            return "dense " + d.units();
        }
        if (layer instanceof dev.kiln.model.Convolutions.Conv2d c) {
            return "conv2d " + c.filters() + " " + c.kernelSize();
        }
        if (layer instanceof dev.kiln.model.Convolutions.Conv1d c) {
            return "conv1d " + c.filters() + " " + c.kernelSize();
        }
        return dev.kiln.model.ShapeTrace.typeName(layer);
    }
}
