package dev.kiln.run;

import dev.kiln.domain.Violation;
import dev.kiln.metrics.MetricSpec;
import dev.kiln.run.spec.ClassWeights;
import dev.kiln.run.spec.TrainingSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The hyperparameter rules that depend on the task: which metrics it records (default accuracy or mae), that
 * every monitor names one of them, and that class weights name real classes.
 */
final class TaskRules {
    private static final String PREFIX = "hyperparameters.";

    private TaskRules() {}

    /** The spec with the task's metrics settled; problems go to {@code violations}. */
    static TrainingSpec apply(TrainingSpec spec, Task task, List<String> classes, List<Violation> violations) {
        int classCount = task.isClassification() ? classes.size() : 0;
        List<MetricSpec> metrics = spec.metrics().isEmpty()
                ? List.of(MetricSpec.named(task.isClassification() ? "accuracy" : "mae")) : spec.metrics();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < metrics.size(); i++) {
            MetricSpec metric = metrics.get(i);
            String problem = metric.name() == null ? "a metric needs a name" : metric.problem(classCount);
            if (problem == null && !seen.add(metric.key())) {
                problem = "'" + metric.key() + "' is listed twice";
            }
            if (problem != null) {
                violations.add(new Violation(PREFIX + "metrics[" + i + "]", problem));
            }
        }
        Set<String> recorded = recorded(metrics, spec.validates());
        if (spec.earlyStopping() != null) {
            monitor(spec.earlyStopping().monitor(), PREFIX + "earlyStopping.monitor", recorded, violations);
        }
        if (spec.learningRateSchedule().watched() != null) {
            monitor(spec.learningRateSchedule().watched(), PREFIX + "learningRateSchedule.monitor", recorded,
                    violations);
        }
        if (spec.classWeights() != null) {
            classWeights(spec.classWeights(), task, classes, violations);
        }
        return spec.withMetrics(metrics);
    }

    /** What every epoch row of such a run holds (besides lr and weight_norm): the loss and the metrics. */
    static Set<String> recorded(List<MetricSpec> metrics, boolean validation) {
        Set<String> names = new LinkedHashSet<>();
        names.add("loss");
        metrics.forEach(m -> names.add(m.key()));
        if (validation) {
            new ArrayList<>(names).forEach(n -> names.add("val_" + n));
        }
        return names;
    }

    private static void monitor(String monitor, String field, Set<String> recorded, List<Violation> violations) {
        if (!recorded.contains(monitor)) {
            violations.add(new Violation(field, "'" + monitor + "' is not recorded by this run; recorded: "
                    + String.join(", ", recorded)));
        }
    }

    private static void classWeights(ClassWeights weights, Task task, List<String> classes,
                                     List<Violation> violations) {
        String field = PREFIX + "classWeights";
        if (!task.isClassification()) {
            violations.add(new Violation(field, "class weights apply to classification, not to regression"));
            return;
        }
        weights.weights().forEach((label, weight) -> {
            if (!classes.contains(label)) {
                violations.add(new Violation(field + "." + label, "no class '" + label + "'; classes: "
                        + String.join(", ", classes)));
            } else if (!(weight > 0)) {
                violations.add(new Violation(field + "." + label, "must be a positive weight"));
            }
        });
    }
}
