package dev.kiln.feature;

import dev.kiln.dataset.ColumnProfile;
import dev.kiln.dataset.DatasetProfile;
import dev.kiln.dataset.ImageProfile;
import dev.kiln.domain.Violation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What a model asks of a dataset — "does dataset D fit model M for target T" — written once and used wherever a
 * dataset meets a model: a run's test and validation datasets at submission, evaluation, batch scoring and (by
 * column) predictions. Derived either from the training dataset a run is submitted with, or from a trained model's
 * fitted preprocessing.
 *
 * @param columns the feature columns a table must have, each with the kind of values it must hold
 * @param images the images' shape, for image models (then {@code columns} is empty)
 * @param target the target column and, for a classifier, its classes (null for models that predict no column)
 */
public record DatasetRequirements(List<Column> columns, @Nullable ImageInput images, @Nullable Target target) {

    /** A feature column and what its values must be. */
    public record Column(String name, Kind kind) {}

    /** What a feature column's values must be: numbers, or anything (categories are read as text). */
    public enum Kind {
        NUMERIC, CATEGORICAL;

        boolean accepts(ColumnProfile column) {
            return this == CATEGORICAL || column.isNumeric() || column.distinct() == 0;
        }
    }

    /** The target column: a classifier's classes, or null classes for a regression (then it must be numeric). */
    public record Target(String name, @Nullable List<String> classes) {}

    /** What a trained model asks of data: its encoders' columns, its images' shape, its target. */
    public static DatasetRequirements of(FeaturePipeline fitted) {
        List<Column> columns = fitted.features().stream().map(f -> new Column(f.column(),
                f instanceof FeatureEncoder.Numeric ? Kind.NUMERIC : Kind.CATEGORICAL)).toList();
        Target target = fitted.target() instanceof TargetEncoder.Classes c ? new Target(c.column(), c.labels())
                : new Target(fitted.target().column(), null);
        return new DatasetRequirements(columns, fitted.images(), target);
    }

    /**
     * What a run submitted on {@code training} asks of its other datasets: the features as the training dataset
     * types them, the training images' shape, and the training target's classes (null for a regression).
     */
    public static DatasetRequirements of(DatasetProfile training, List<String> features, String target,
                                         @Nullable List<String> classes) {
        if (training.images() != null) {
            ImageProfile images = training.images();
            return new DatasetRequirements(List.of(), new ImageInput(images.channels(), images.height(),
                    images.width(), null, null), new Target(target, classes));
        }
        List<Column> columns = features.stream().map(name -> new Column(name, training.column(name)
                .map(c -> c.isNumeric() ? Kind.NUMERIC : Kind.CATEGORICAL).orElse(Kind.CATEGORICAL))).toList();
        return new DatasetRequirements(columns, null, new Target(target, classes));
    }

    /** The same requirements without the target (data to predict rather than to evaluate on). */
    public DatasetRequirements withoutTarget() {
        return new DatasetRequirements(columns, images, null);
    }

    /** Every reason {@code candidate} does not fit, each naming {@code field}; empty when it fits. */
    public List<Violation> check(DatasetProfile candidate, String field) {
        List<Violation> violations = new ArrayList<>();
        if (images != null) {
            checkImages(candidate, field, violations);
        } else {
            checkTable(candidate, field, violations);
        }
        return violations;
    }

    private void checkImages(DatasetProfile candidate, String field, List<Violation> violations) {
        String model = images.channels() + "×" + images.height() + "×" + images.width();
        if (candidate.images() == null) {
            violations.add(new Violation(field, "the dataset is a table; the model takes images (" + model + ")"));
            return;
        }
        var shape = candidate.images().shape();
        if (shape.channels() != images.channels() || shape.height() != images.height()
                || shape.width() != images.width()) {
            violations.add(new Violation(field, "the dataset's images are " + shape + " (channels×height×width), the "
                    + "model takes " + model + "; upload them with imageSize and colorMode to match"));
            return;
        }
        if (target != null && target.classes() != null) {
            List<String> unknown = unknown(candidate.images().classNames(), target.classes());
            if (!unknown.isEmpty()) {
                violations.add(new Violation(field, "the dataset has classes the model does not know: "
                        + abbreviated(unknown)));
            }
        }
    }

    private void checkTable(DatasetProfile candidate, String field, List<Violation> violations) {
        if (candidate.images() != null) {
            violations.add(new Violation(field, "the dataset holds images; the model takes rows of columns"));
            return;
        }
        List<String> missing = new ArrayList<>();
        for (Column column : columns) {
            var found = candidate.column(column.name());
            if (found.isEmpty()) {
                missing.add(column.name());
            } else if (!column.kind().accepts(found.get())) {
                violations.add(new Violation(field, "column '" + column.name() + "' is categorical in the dataset, "
                        + "numeric in the model"));
            }
        }
        if (target != null && candidate.column(target.name()).isEmpty()) {
            missing.add(target.name());
        }
        if (!missing.isEmpty()) {
            violations.add(0, new Violation(field, "the dataset lacks column(s) " + abbreviated(missing)));
            return;
        }
        if (target != null) {
            checkTarget(candidate.column(target.name()).orElseThrow(), field, violations);
        }
    }

    private void checkTarget(ColumnProfile column, String field, List<Violation> violations) {
        if (target.classes() == null) {
            if (!column.isNumeric()) {
                violations.add(new Violation(field, "the target '" + target.name() + "' is not numeric in the "
                        + "dataset; the model predicts numbers"));
            }
            return;
        }
        if (column.levels().isEmpty()) {
            violations.add(new Violation(field, "the target '" + target.name() + "' has too many distinct values "
                    + "for the model's " + target.classes().size() + " classes"));
            return;
        }
        List<String> unknown = unknown(column.levels().get(), target.classes());
        if (!unknown.isEmpty()) {
            violations.add(new Violation(field, "the target '" + target.name() + "' has values the model does not "
                    + "know: " + abbreviated(unknown)));
        }
    }

    private static List<String> unknown(List<String> values, List<String> known) {
        Set<String> knownSet = new HashSet<>(known);
        return values.stream().filter(v -> !knownSet.contains(v)).toList();
    }

    static String abbreviated(List<String> names) {
        return names.size() <= 20 ? String.join(", ", names)
                : String.join(", ", names.subList(0, 20)) + " … (" + names.size() + " in all)";
    }
}
