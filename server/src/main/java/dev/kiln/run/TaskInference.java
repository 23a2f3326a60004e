package dev.kiln.run;

import dev.kiln.dataset.ColumnProfile;
import dev.kiln.domain.Violation;
import dev.kiln.model.Activation;
import dev.kiln.model.ModelSpec;
import java.util.List;

/** What a target column asks of a run: the task it implies (or allows), and the output a model needs for it. */
public final class TaskInference {
    /** A whole-number target with at most this many distinct values is taken as class labels. */
    static final int MAX_INFERRED_CLASSES = 20;

    private TaskInference() {}

    /** The task for {@code target}: {@code requested} when it fits, else inferred; null (with a violation) when none fits. */
    public static Task task(Task requested, ColumnProfile target, List<Violation> violations) {
        int levels = target.levels().map(List::size).orElse(Integer.MAX_VALUE);
        if (levels < 2 && target.levels().isPresent()) {
            violations.add(new Violation("target", "column '" + target.name() + "' has "
                    + (levels == 0 ? "no values" : "a single value") + "; there is nothing to learn"));
            return null;
        }
        Task task = requested != null ? requested : infer(target, levels);
        String reason = switch (task) {
            case REGRESSION -> target.isNumeric() ? null
                    : "a regression target must be numeric; column '" + target.name() + "' is categorical";
            case BINARY -> levels == 2 ? null : "a binary target needs exactly 2 distinct values; column '"
                    + target.name() + "' has " + describe(target);
            case MULTICLASS -> target.levels().isPresent() ? null : "a multiclass target may have at most "
                    + ColumnProfile.LEVELS_LIMIT + " distinct values; column '" + target.name() + "' has "
                    + describe(target);
            case RATING, RANKING -> "a " + task.json() + " run learns from interactions: name their columns in "
                    + "interactions";
        };
        if (reason != null) {
            violations.add(new Violation(requested != null ? "task" : "target", reason));
            return null;
        }
        return task;
    }

    private static Task infer(ColumnProfile target, int levels) {
        boolean classes = !target.isNumeric()
                || Boolean.TRUE.equals(target.integral()) && levels <= MAX_INFERRED_CLASSES;
        if (!classes) {
            return Task.REGRESSION;
        }
        return levels == 2 ? Task.BINARY : Task.MULTICLASS;
    }

    private static String describe(ColumnProfile column) {
        return column.distinctCapped() ? "more than " + column.distinct() + " distinct values"
                : column.distinct() + " distinct values";
    }

    /** Whether the model's output head fits the task: its width and its activation. */
    public static void checkOutput(ModelSpec spec, Task task, ColumnProfile target, List<Violation> violations) {
        ModelSpec.OutputHead head = spec.outputHead().orElseThrow();
        int needed = task == Task.MULTICLASS ? target.levels().orElseThrow().size() : 1;
        String name = task.json() + " task" + (task == Task.MULTICLASS ? " with " + needed + " classes" : "");
        if (head.units() != needed) {
            violations.add(new Violation("modelId", name + " needs " + needed + " output unit" + (needed == 1 ? "" : "s")
                    + ", " + head.path() + " has " + head.units()));
            return;
        }
        Activation a = head.activation();
        String problem = switch (task) {
            case BINARY -> a == Activation.SOFTMAX ? "softmax over one unit is always 1; use sigmoid (or linear logits)"
                    : a.isProbabilistic() || a == Activation.LINEAR ? null : activationProblem(a, "sigmoid");
            case MULTICLASS -> a == Activation.SIGMOID ? "use softmax (or linear logits) for a multiclass output"
                    : a.isProbabilistic() || a == Activation.LINEAR ? null : activationProblem(a, "softmax");
            case REGRESSION, RATING -> a == Activation.LINEAR ? null : "a " + task.json() + " output must be linear "
                    + "(the target is standardised for training); " + head.path() + " ends with " + a.json();
            case RANKING -> a == Activation.LINEAR || a == Activation.SIGMOID ? null : "a ranking output is a score: "
                    + "linear (or sigmoid); " + head.path() + " ends with " + a.json();
        };
        if (problem != null) {
            violations.add(new Violation("modelId", name + ": " + problem));
        }
    }

    private static String activationProblem(Activation a, String expected) {
        return "the output activation is " + a.json() + "; a classifier's output must be " + expected
                + " or linear logits";
    }
}
