package dev.kiln.run;

import dev.kiln.domain.Violation;
import dev.kiln.feature.TargetEncoder;
import dev.kiln.run.spec.Distillation;
import java.util.List;
import java.util.Optional;

/**
 * A student learns from a teacher only where the teacher answers the same question on the same inputs: a SUCCEEDED
 * classification run with the student's task, target, features and classes (in the same order).
 */
final class DistillationCheck {
    private static final String FIELD = "distillation.teacherRunId";

    private DistillationCheck() {}

    static void check(Distillation distillation, Optional<Run> found, Task task, String target, List<String> features,
                      List<String> classes, boolean images, List<Violation> violations) {
        if (!task.isClassification() || images) {
            violations.add(new Violation("distillation", images ? "applies to table runs; image runs cannot distill "
                    + "yet" : "applies to classification runs; this run's task is " + task.json()));
            return;
        }
        if (found.isEmpty()) {
            violations.add(new Violation(FIELD, "no run with id " + distillation.teacherRunId()));
            return;
        }
        Run teacher = found.get();
        String difference = null;
        if (teacher.getStatus() != RunStatus.SUCCEEDED || teacher.getModel().isEmpty()) {
            difference = "run " + teacher.getId() + " is " + teacher.getStatus() + "; only a SUCCEEDED run can teach";
        } else if (teacher.getTask() != task) {
            difference = "the teacher's task is " + teacher.getTask().json() + ", this run's is " + task.json();
        } else if (!teacher.getTarget().equals(target)) {
            difference = "the teacher predicts '" + teacher.getTarget() + "', this run '" + target + "'";
        } else if (!teacher.getFeatures().equals(features)) {
            difference = "the teacher's features are " + teacher.getFeatures() + ", this run's are " + features;
        } else if (teacher.getPreprocessing() == null
                || !(teacher.getPreprocessing().target() instanceof TargetEncoder.Classes c)
                || !c.labels().equals(classes)) {
            difference = "the teacher's classes differ from this run's " + classes;
        } else if (teacher.getPreprocessing().images() != null) {
            difference = "the teacher is an image run";
        }
        if (difference != null) {
            violations.add(new Violation(FIELD, difference));
        }
    }
}
