package dev.kiln.run;

import dev.kiln.dataset.ColumnProfile;
import dev.kiln.dataset.Dataset;
import dev.kiln.dataset.DatasetCatalog;
import dev.kiln.dataset.DatasetProfile;
import dev.kiln.model.Activation;
import dev.kiln.model.ModelCatalog;
import dev.kiln.model.ModelDefinition;
import dev.kiln.model.ModelSpec;
import dev.kiln.model.ShapeTrace;
import dev.kiln.domain.InvalidRequest;
import dev.kiln.domain.Violation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a submission against its dataset and model before anything is queued: the columns exist, the task
 * fits the target, and the model's output fits the task. Every violation names its field.
 */
final class SubmissionCheck {
    /** A whole-number target with at most this many distinct values is taken as class labels. */
    static final int MAX_INFERRED_CLASSES = 20;

    private final DatasetCatalog datasets;
    private final ModelCatalog models;
    private final HyperparameterResolver hyperparameters;
    private final RunLookup runs;

    /** How the check finds a warm start's parent run. */
    interface RunLookup {
        Optional<Run> find(java.util.UUID id);
    }

    SubmissionCheck(DatasetCatalog datasets, ModelCatalog models, HyperparameterResolver hyperparameters,
                    RunLookup runs) {
        this.datasets = datasets;
        this.models = models;
        this.hyperparameters = hyperparameters;
        this.runs = runs;
    }

    Run.RunRequest check(RunController.SubmitRun submit) {
        List<Violation> violations = new ArrayList<>();
        Optional<Dataset> dataset = datasets.find(submit.datasetId());
        Optional<ModelDefinition> model = models.find(submit.modelId());
        Optional<Dataset> test = Optional.ofNullable(submit.testDatasetId()).flatMap(datasets::find);
        dataset.ifPresentOrElse(d -> { }, () -> violations.add(
                new Violation("datasetId", "no dataset with id " + submit.datasetId())));
        model.ifPresentOrElse(m -> { }, () -> violations.add(
                new Violation("modelId", "no model with id " + submit.modelId())));
        if (submit.testDatasetId() != null && test.isEmpty()) {
            violations.add(new Violation("testDatasetId", "no dataset with id " + submit.testDatasetId()));
        }
        Hyperparameters resolved = null;
        try {
            resolved = hyperparameters.resolve(submit.hyperparameters());
        } catch (InvalidRequest e) {
            violations.addAll(e.violations());
        }
        if (dataset.isEmpty()) {
            throw new InvalidRequest(violations);
        }
        Dataset data = dataset.get();
        var profile = data.getProfile();
        String targetName = submit.target();
        if (data.isImages()) {
            if (targetName == null) {
                targetName = DatasetProfile.LABEL;
            } else if (!targetName.equals(DatasetProfile.LABEL)) {
                violations.add(new Violation("target", "an image dataset's target is its class, '"
                        + DatasetProfile.LABEL + "' (or leave target out)"));
                throw new InvalidRequest(violations);
            }
        } else if (targetName == null) {
            violations.add(new Violation("target", "required for a tabular dataset; columns: "
                    + abbreviated(profile.columnNames())));
            throw new InvalidRequest(violations);
        }
        Optional<ColumnProfile> target = profile.column(targetName);
        if (target.isEmpty()) {
            violations.add(new Violation("target", "no column '" + targetName + "' in the dataset; columns: "
                    + abbreviated(profile.columnNames())));
            throw new InvalidRequest(violations);
        }
        List<String> features = data.isImages() ? imageInputs(submit, violations)
                : features(submit, targetName, profile.columnNames(), violations);
        checkPreprocessing(submit, data, targetName, features, violations);
        Task task = task(submit.task(), target.get(), violations);
        if (task != null) {
            model.ifPresent(m -> checkOutput(m.getSpec(), task, target.get(), violations));
            model.ifPresent(m -> checkShapes(m.getSpec(), InputShapes.of(data, features, submit.preprocessing()),
                    violations));
            test.ifPresent(t -> {
                if (data.isImages()) {
                    checkTestImages(t, data, violations);
                } else {
                    checkTestDataset(t, features, target.get(), task, violations);
                }
            });
            if (resolved != null) {
                resolved = TaskRules.apply(resolved, task, target.get().levels().orElse(List.of()), violations);
            }
            if (submit.initFrom() != null) {
                model.ifPresent(m -> WarmStartCheck.check(submit.initFrom(), runs.find(submit.initFrom().runId()),
                        m.getSpec(), models, task, features, violations));
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequest(violations);
        }
        return new Run.RunRequest(submit.datasetId(), submit.modelId(), submit.testDatasetId(), targetName,
                task, features, resolved, submit.priority() == null ? 0 : submit.priority(),
                submit.preprocessing() == null ? dev.kiln.feature.PreprocessingOptions.defaults() : submit.preprocessing(),
                submit.initFrom(), submit.augmentation() == null || submit.augmentation().isEmpty() ? null
                        : submit.augmentation());
    }

    /** An image run's inputs are its pixels: it names no feature columns. */
    private static List<String> imageInputs(RunController.SubmitRun submit, List<Violation> violations) {
        if (submit.features() != null) {
            violations.add(new Violation("features", "an image dataset's inputs are its pixels; leave features out"));
        }
        return List.of();
    }

    private static void checkPreprocessing(RunController.SubmitRun submit, Dataset data, String target,
                                           List<String> features, List<Violation> violations) {
        var options = submit.preprocessing();
        if (options != null && options.imageNormalization() != null
                && !List.of("none", "perChannel").contains(options.imageNormalization())) {
            violations.add(new Violation("preprocessing.imageNormalization", "expected none or perChannel, got '"
                    + options.imageNormalization() + "'"));
        }
        if (data.isImages()) {
            if (options != null && options.hasTableOptions()) {
                violations.add(new Violation("preprocessing", "numeric, categorical, columns and drop apply to tables; "
                        + "an image run takes imageNormalization only"));
            }
            return;
        }
        if (submit.augmentation() != null) {
            violations.add(new Violation("augmentation", "applies to image datasets; this dataset is a table"));
        }
        if (options != null && options.imageNormalization() != null) {
            violations.add(new Violation("preprocessing.imageNormalization", "applies to image datasets; this dataset "
                    + "is a table"));
        }
        java.util.Map<String, Boolean> numeric = new java.util.LinkedHashMap<>();
        data.getProfile().columns().forEach(c -> numeric.put(c.name(), c.isNumeric()));
        dev.kiln.feature.PreprocessingCheck.check(options, numeric, target, violations);
        if (options != null && features.stream().allMatch(f -> options.dropped().contains(f))) {
            violations.add(new Violation("preprocessing.drop", "every feature column is dropped"));
        }
    }

    /** The model must fit the dataset's input: every layer's shape is traced before anything is queued. */
    private static void checkShapes(ModelSpec spec, InputShapes.Estimate input, List<Violation> violations) {
        ShapeTrace trace = ShapeTrace.of(spec, input.shape());
        trace.misfit().ifPresent(misfit -> violations.add(new Violation("modelId", misfit.path() + " ("
                + ShapeTrace.typeName(spec.layers().get(misfit.index())) + "): " + misfit.reason())));
    }

    /** A test set for an image run: images of the same shape, with no class the training set lacks. */
    private static void checkTestImages(Dataset test, Dataset train, List<Violation> violations) {
        if (!test.isImages()) {
            violations.add(new Violation("testDatasetId", "the test dataset is a table; an image run is tested on "
                    + "images"));
            return;
        }
        var want = train.getProfile().images().shape();
        var got = test.getProfile().images().shape();
        if (!want.equals(got)) {
            violations.add(new Violation("testDatasetId", "the test images are " + got + " (channels×height×width), "
                    + "the training images " + want + "; upload them with imageSize and colorMode to match"));
            return;
        }
        Set<String> known = new HashSet<>(train.getProfile().images().classNames());
        List<String> unseen = test.getProfile().images().classNames().stream().filter(c -> !known.contains(c)).toList();
        if (!unseen.isEmpty()) {
            violations.add(new Violation("testDatasetId", "the test images have classes the training images lack: "
                    + abbreviated(unseen)));
        }
    }

    private static List<String> features(RunController.SubmitRun submit, String target, List<String> columns,
                                         List<Violation> violations) {
        if (submit.features() == null) {
            List<String> all = columns.stream().filter(c -> !c.equals(target)).toList();
            if (all.isEmpty()) {
                violations.add(new Violation("features", "the dataset has no column besides the target"));
            }
            return all;
        }
        if (submit.features().isEmpty()) {
            violations.add(new Violation("features", "must name at least one column"));
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < submit.features().size(); i++) {
            String name = submit.features().get(i);
            String field = "features[" + i + "]";
            if (!columns.contains(name)) {
                violations.add(new Violation(field, "no column '" + name + "' in the dataset"));
            } else if (name.equals(target)) {
                violations.add(new Violation(field, "'" + name + "' is the target and cannot also be a feature"));
            } else if (!seen.add(name)) {
                violations.add(new Violation(field, "'" + name + "' is listed twice"));
            }
        }
        return List.copyOf(submit.features());
    }

    static Task task(Task requested, ColumnProfile target, List<Violation> violations) {
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

    static void checkOutput(ModelSpec spec, Task task, ColumnProfile target, List<Violation> violations) {
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
            case REGRESSION -> a == Activation.LINEAR ? null : "a regression output must be linear (the target is "
                    + "standardised for training); " + head.path() + " ends with " + a.json();
        };
        if (problem != null) {
            violations.add(new Violation("modelId", name + ": " + problem));
        }
    }

    private static String activationProblem(Activation a, String expected) {
        return "the output activation is " + a.json() + "; a classifier's output must be " + expected
                + " or linear logits";
    }

    private static void checkTestDataset(Dataset test, List<String> features, ColumnProfile target, Task task,
                                         List<Violation> violations) {
        var profile = test.getProfile();
        List<String> missing = new ArrayList<>();
        for (String column : features) {
            if (profile.column(column).isEmpty()) {
                missing.add(column);
            }
        }
        Optional<ColumnProfile> testTarget = profile.column(target.name());
        if (testTarget.isEmpty()) {
            missing.add(target.name());
        }
        if (!missing.isEmpty()) {
            violations.add(new Violation("testDatasetId", "the test dataset lacks column(s) " + abbreviated(missing)));
            return;
        }
        if (task.isClassification()) {
            Set<String> known = new HashSet<>(target.levels().orElseThrow());
            List<String> unseen = testTarget.get().levels().orElse(List.of()).stream()
                    .filter(v -> !known.contains(v)).toList();
            if (!unseen.isEmpty() || testTarget.get().levels().isEmpty()) {
                violations.add(new Violation("testDatasetId", "the test dataset's target has values the training "
                        + "dataset lacks: " + (unseen.isEmpty() ? "too many distinct values" : abbreviated(unseen))));
            }
        } else if (!testTarget.get().isNumeric()) {
            violations.add(new Violation("testDatasetId", "the test dataset's target '" + target.name()
                    + "' is not numeric"));
        }
    }

    private static String abbreviated(List<String> names) {
        return names.size() <= 20 ? String.join(", ", names)
                : String.join(", ", names.subList(0, 20)) + " … (" + names.size() + " in all)";
    }
}
