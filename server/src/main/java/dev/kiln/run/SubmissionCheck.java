package dev.kiln.run;

import dev.kiln.dataset.ColumnProfile;
import dev.kiln.dataset.ColumnType;
import dev.kiln.dataset.Dataset;
import dev.kiln.dataset.DatasetCatalog;
import dev.kiln.dataset.DatasetProfile;
import dev.kiln.domain.InvalidRequest;
import dev.kiln.domain.Violation;
import dev.kiln.feature.DatasetRequirements;
import dev.kiln.feature.PreprocessingCheck;
import dev.kiln.feature.TextColumns;
import dev.kiln.model.ModelCatalog;
import dev.kiln.model.ModelDefinition;
import dev.kiln.model.ModelSpec;
import dev.kiln.model.ShapeTrace;
import dev.kiln.run.spec.TrainingSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * Checks a submission against its dataset and model before anything is queued — the columns exist, the task fits
 * the target, the model's shapes and output fit the data, the other datasets fit like the training one — and
 * resolves it into a {@link Run.Accepted} with its {@link TrainingSpec}. Every violation names its field.
 */
final class SubmissionCheck {
    private final DatasetCatalog datasets;
    private final ModelCatalog models;
    private final LongSupplier seeds;
    private final RunLookup runs;
    private final RunLimits limits;

    /** How the check finds a warm start's parent run. */
    interface RunLookup {
        Optional<Run> find(UUID id);
    }

    SubmissionCheck(DatasetCatalog datasets, ModelCatalog models, LongSupplier seeds, RunLookup runs,
                    RunLimits limits) {
        this.limits = limits;
        this.datasets = datasets;
        this.models = models;
        this.seeds = seeds;
        this.runs = runs;
    }

    Run.Accepted check(RunSubmission submit) {
        return check(submit, null);
    }

    /** The check of a run whose model would be {@code changed} instead of the stored definition (when not null). */
    Run.Accepted check(RunSubmission submit, @org.jspecify.annotations.Nullable ModelSpec changed) {
        List<Violation> violations = new ArrayList<>();
        Optional<Dataset> dataset = datasets.find(submit.datasetId());
        Optional<ModelDefinition> model = models.find(submit.modelId()).map(m -> changed == null ? m
                : m.withSpec(changed));
        Optional<Dataset> test = other(submit.testDatasetId(), "testDatasetId", violations);
        Optional<Dataset> validation = other(submit.validationDatasetId(), "validationDatasetId", violations);
        if (dataset.isEmpty()) {
            violations.add(new Violation("datasetId", "no dataset with id " + submit.datasetId()));
        }
        if (model.isEmpty()) {
            violations.add(new Violation("modelId", "no model with id " + submit.modelId()));
        }
        TrainingSpec spec = TrainingSpecs.resolve(submit, seeds, violations);
        if (dataset.isEmpty()) {
            throw new InvalidRequest(violations);
        }
        Dataset data = dataset.get();
        sameProject(data.getProjectId(), model.map(ModelDefinition::getProjectId), "modelId", violations);
        sameProject(data.getProjectId(), test.map(Dataset::getProjectId), "testDatasetId", violations);
        sameProject(data.getProjectId(), validation.map(Dataset::getProjectId), "validationDatasetId", violations);
        if (submit.interactions() != null || submit.task() != null && submit.task().isRecommendation()) {
            if (submit.distillation() != null) {
                violations.add(new Violation("distillation", "applies to classification runs, not recommenders"));
            }
            return InteractionCheck.accept(submit, data, model, test, validation, spec, violations, limits,
                    runs::find);
        }
        DatasetProfile profile = data.getProfile();
        ColumnProfile target = target(submit, data, violations);
        Optional<List<String>> modelColumns = model.flatMap(m -> ModelInputs.columns(m.getSpec(),
                profile.columnNames()));
        List<String> features = data.isImages() ? imageInputs(submit, violations)
                : features(submit, modelColumns, target.name(), profile.columnNames(), violations);
        Set<String> text = textColumns(profile, features);
        checkPreprocessing(submit, spec, data, target.name(), features, text, violations);
        if (!data.isImages()) {
            spec = spec.withPreprocessing(spec.preprocessing().withTextColumns(text));
            checkVocabularies(profile, usedFeatures(features, spec), spec, violations);
        }
        if (model.isPresent() && !data.isImages()) {
            spec = spec.withPreprocessing(ModelInputs.withIdColumns(spec.preprocessing(),
                    ModelInputs.idColumns(model.get().getSpec(), features), profile, violations));
        }
        Task task = TaskInference.task(submit.task(), target, violations);
        if (task != null) {
            List<String> classes = task.isClassification() ? target.levels().orElse(List.of()) : null;
            TrainingSpec resolved = spec;
            model.ifPresent(m -> checkModel(m.getSpec(), task, target, data, features, resolved, violations)
                    .ifPresent(trace -> limits.check(trace, m.getSpec(), resolved, violations)));
            var required = DatasetRequirements.of(profile, usedFeatures(features, spec), target.name(), classes);
            test.ifPresent(t -> violations.addAll(required.check(t.getProfile(), "testDatasetId")));
            validation.ifPresent(v -> violations.addAll(required.check(v.getProfile(), "validationDatasetId")));
            spec = TaskRules.apply(spec, task, classes == null ? List.of() : classes, violations);
            if (submit.initFrom() != null) {
                Optional<Run> parent = runs.find(submit.initFrom().runId());
                sameProject(data.getProjectId(), parent.map(Run::getProjectId), "initFrom.runId", violations);
                model.ifPresent(m -> WarmStartCheck.check(submit.initFrom(), parent, m.getSpec(), task, features,
                        violations));
            }
            if (submit.distillation() != null) {
                Optional<Run> teacher = runs.find(submit.distillation().teacherRunId());
                sameProject(data.getProjectId(), teacher.map(Run::getProjectId), "distillation.teacherRunId",
                        violations);
                DistillationCheck.check(submit.distillation(), teacher, task, target.name(), features,
                        classes == null ? List.of() : classes, data.isImages(), violations);
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequest(violations);
        }
        return new Run.Accepted(data.getProjectId(), submit.datasetId(), submit.modelId(), model.get().getSpec(),
                submit.testDatasetId(), target.name(), task, features, spec,
                submit.priority() == null ? 0 : submit.priority(), submit.initFrom());
    }

    /** What a run uses must belong to its project (only an admin key, which sees every project, could mix them). */
    static void sameProject(UUID project, Optional<UUID> other, String field, List<Violation> violations) {
        if (other.isPresent() && !other.get().equals(project)) {
            violations.add(new Violation(field, "belongs to another project than the training dataset"));
        }
    }

    private Optional<Dataset> other(UUID id, String field, List<Violation> violations) {
        if (id == null) {
            return Optional.empty();
        }
        Optional<Dataset> found = datasets.find(id);
        if (found.isEmpty()) {
            violations.add(new Violation(field, "no dataset with id " + id));
        }
        return found;
    }

    /** The target column: named by the submission, or an image dataset's class label. */
    private static ColumnProfile target(RunSubmission submit, Dataset data, List<Violation> violations) {
        DatasetProfile profile = data.getProfile();
        String name = submit.target();
        if (data.isImages() && name != null && !name.equals(DatasetProfile.LABEL)) {
            violations.add(new Violation("target", "an image dataset's target is its class, '" + DatasetProfile.LABEL
                    + "' (or leave target out)"));
            throw new InvalidRequest(violations);
        }
        if (name == null && !data.isImages()) {
            violations.add(new Violation("target", "required for a tabular dataset; columns: "
                    + abbreviated(profile.columnNames())));
            throw new InvalidRequest(violations);
        }
        String resolved = name == null ? DatasetProfile.LABEL : name;
        return profile.column(resolved).orElseThrow(() -> {
            violations.add(new Violation("target", "no column '" + resolved + "' in the dataset; columns: "
                    + abbreviated(profile.columnNames())));
            return new InvalidRequest(violations);
        });
    }

    /** The model's shapes fit the dataset's input, and its output fits the task; the trace when it fits. */
    static Optional<ShapeTrace> checkModel(ModelSpec spec, Task task, ColumnProfile target, Dataset data,
                                                   List<String> features, TrainingSpec resolved,
                                                   List<Violation> violations) {
        TaskInference.checkOutput(spec, task, target, violations);
        ShapeTrace trace = ShapeTrace.of(spec, InputShapes.of(data, features, data.isImages() ? null
                : resolved.preprocessing()).layout());
        trace.misfit().ifPresent(misfit -> violations.add(new Violation("modelId", misfit.path() + " ("
                + ShapeTrace.typeName(spec.layers().get(misfit.index())) + "): " + misfit.reason())));
        return trace.fits() ? Optional.of(trace) : Optional.empty();
    }

    /** The features that are not dropped: what the model reads, and what other datasets must have. */
    private static List<String> usedFeatures(List<String> features, TrainingSpec spec) {
        List<String> dropped = spec.preprocessing().dropped();
        return features.stream().filter(f -> !dropped.contains(f)).toList();
    }

    /** An image run's inputs are its pixels: it names no feature columns. */
    private static List<String> imageInputs(RunSubmission submit, List<Violation> violations) {
        if (submit.features() != null) {
            violations.add(new Violation("features", "an image dataset's inputs are its pixels; leave features out"));
        }
        return List.of();
    }

    /** The features the profile found to be free text: vectorized unless the run's settings say otherwise. */
    private static Set<String> textColumns(DatasetProfile profile, List<String> features) {
        Set<String> text = new java.util.LinkedHashSet<>();
        for (String feature : features) {
            profile.column(feature).filter(c -> c.type() == ColumnType.TEXT).ifPresent(c -> text.add(c.name()));
        }
        return text;
    }

    /** Every vectorized column must be able to give a vocabulary. */
    private static void checkVocabularies(DatasetProfile profile, List<String> features, TrainingSpec spec,
                                          List<Violation> violations) {
        for (String feature : features) {
            profile.column(feature).filter(c -> !c.isNumeric()).ifPresent(column -> {
                var settings = spec.preprocessing().settingsFor(feature, false);
                if (settings.encode() == dev.kiln.feature.PreprocessingOptions.Encoding.TEXT) {
                    TextColumns.emptyVocabulary(column, settings).ifPresent(violations::add);
                }
            });
        }
    }

    private static void checkPreprocessing(RunSubmission submit, TrainingSpec spec, Dataset data, String target,
                                           List<String> features, Set<String> text, List<Violation> violations) {
        var options = submit.preprocessing();
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
        if (spec.preprocessing().normalizesImages()) {
            violations.add(new Violation("preprocessing.imageNormalization", "applies to image datasets; this dataset "
                    + "is a table"));
        }
        Map<String, Boolean> numeric = new LinkedHashMap<>();
        data.getProfile().columns().forEach(c -> numeric.put(c.name(), c.isNumeric()));
        PreprocessingCheck.check(options, numeric, text, target, violations);
        if (options != null && features.stream().allMatch(f -> options.dropped().contains(f))) {
            violations.add(new Violation("preprocessing.drop", "every feature column is dropped"));
        }
    }

    private static List<String> features(RunSubmission submit, Optional<List<String>> modelColumns, String target,
                                         List<String> columns, List<Violation> violations) {
        if (submit.features() == null && modelColumns.isPresent()) {
            for (String column : modelColumns.get()) {
                if (!columns.contains(column)) {
                    violations.add(new Violation("modelId", "an input layer reads the column '" + column + "', which "
                            + "the dataset does not have"));
                } else if (column.equals(target)) {
                    violations.add(new Violation("modelId", "an input layer reads '" + column + "', the target"));
                }
            }
            return modelColumns.get();
        }
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

    private static String abbreviated(List<String> names) {
        return names.size() <= 20 ? String.join(", ", names)
                : String.join(", ", names.subList(0, 20)) + " … (" + names.size() + " in all)";
    }
}
