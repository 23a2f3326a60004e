package dev.kiln.inference;

import dev.kiln.domain.InvalidRequest;
import dev.kiln.domain.Violation;
import dev.kiln.feature.FeatureEncoder;
import dev.kiln.feature.FeaturePipeline;
import dev.kiln.feature.ImageInput;
import dev.kiln.feature.TargetEncoder;
import dev.kiln.model.Activation;
import dev.kiln.model.ModelCatalog;
import dev.kiln.model.ModelSpec;
import dev.kiln.model.ShapeTrace;
import dev.kiln.run.Task;
import dev.kiln.run.spec.TrainingSpec;
import dev.kiln.storage.StoredBlob;
import dev.kiln.training.TrainingJob;
import jakarta.validation.Validator;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An imported artifact is checked as everything Kiln stores is: the model definition as {@code POST /models} checks
 * it, the hyperparameters as a submission's, the fitted preprocessing for sound numbers, the task against the
 * preprocessing's target and the model's output, and the parameters loaded into the declared network — shapes,
 * counts and finite outputs — without trusting any size the file declares. Violations name the member of the
 * artifact ({@code file.model.layers[1].rate}).
 */
final class ManifestCheck {
    private static final String FIELD = "file.";

    private final Validator validator;
    private final ModelRuntime runtime;

    ManifestCheck(Validator validator, ModelRuntime runtime) {
        this.validator = validator;
        this.runtime = runtime;
    }

    void check(ModelArtifact manifest, StoredBlob parameters, TrainingJob.CheckpointSource source) {
        List<Violation> violations = new ArrayList<>();
        require(manifest.task(), "task", violations);
        require(manifest.target(), "target", violations);
        require(manifest.model(), "model", violations);
        require(manifest.preprocessing(), "preprocessing", violations);
        require(manifest.hyperparameters(), "hyperparameters", violations);
        if (!violations.isEmpty()) {
            throw new InvalidRequest(violations);
        }
        validate(manifest.model(), "model", violations);
        TrainingSpec spec = manifest.hyperparameters();
        validate(spec.optimizer(), "hyperparameters.optimizer", violations);
        validate(spec.learningRateSchedule(), "hyperparameters.learningRateSchedule", violations);
        if (spec.earlyStopping() != null) {
            validate(spec.earlyStopping(), "hyperparameters.earlyStopping", violations);
        }
        if (spec.epochs() < 1 || spec.batchSize() < 1) {
            violations.add(new Violation(FIELD + "hyperparameters", "epochs and batchSize must be at least 1"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequest(violations);
        }
        try {
            ModelCatalog.checkRules(manifest.model());
        } catch (InvalidRequest e) {
            e.violations().forEach(v -> violations.add(new Violation(FIELD + "model." + v.field(), v.message())));
        }
        pipeline(manifest.preprocessing(), manifest.task(), manifest.target(), violations);
        if (!violations.isEmpty()) {
            throw new InvalidRequest(violations);
        }
        shapes(manifest.model(), manifest.preprocessing(), manifest.task(), violations);
        if (!violations.isEmpty()) {
            throw new InvalidRequest(violations);
        }
        int classes = manifest.preprocessing().target() instanceof TargetEncoder.Classes c ? c.labels().size() : 1;
        try {
            runtime.verify(manifest.model(), manifest.task(), classes, manifest.preprocessing().layout(), source,
                    parameters.size());
        } catch (IllegalArgumentException e) {
            throw new InvalidRequest(FIELD + ModelArtifact.PARAMETERS, e.getMessage());
        }
    }

    private static void require(Object value, String member, List<Violation> violations) {
        if (value == null) {
            violations.add(new Violation(FIELD + member, "is missing from " + ModelArtifact.MANIFEST));
        }
    }

    private void validate(Object value, String member, List<Violation> violations) {
        validator.validate(value).forEach(v -> violations.add(new Violation(FIELD + member + "."
                + v.getPropertyPath(), v.getMessage())));
    }

    /** The fitted preprocessing holds sound numbers, and its target fits the task. */
    private static void pipeline(FeaturePipeline pipeline, Task task, String target, List<Violation> violations) {
        String field = FIELD + "preprocessing";
        if (pipeline.target() == null || !target.equals(pipeline.target().column())) {
            violations.add(new Violation(field + ".target", "does not name the artifact's target '" + target + "'"));
        } else if (pipeline.target() instanceof TargetEncoder.Classes c) {
            Set<String> labels = c.labels() == null ? Set.of() : new HashSet<>(c.labels());
            if (!task.isClassification() || labels.size() < 2 || labels.size() != c.labels().size()
                    || task == Task.BINARY && labels.size() != 2) {
                violations.add(new Violation(field + ".target", "class labels do not fit a " + task.json() + " task: "
                        + "a binary task has 2 distinct labels, a multiclass task at least 2, a regression none"));
            }
        } else if (pipeline.target() instanceof TargetEncoder.Standardized s && (task.isClassification()
                || !Double.isFinite(s.mean()) || !(s.std() > 0) || !Double.isFinite(s.std()))) {
            violations.add(new Violation(field + ".target", "a standardized target fits a regression with a finite "
                    + "mean and a positive, finite std"));
        }
        if (pipeline.images() != null) {
            images(pipeline.images(), field + ".images", violations);
            return;
        }
        if (pipeline.features() == null || pipeline.features().isEmpty()) {
            violations.add(new Violation(field + ".features", "a table model needs at least one feature encoder"));
            return;
        }
        Set<String> columns = new HashSet<>();
        for (int i = 0; i < pipeline.features().size(); i++) {
            FeatureEncoder encoder = pipeline.features().get(i);
            String at = field + ".features[" + i + "]";
            if (encoder == null || encoder.column() == null || !columns.add(encoder.column())) {
                violations.add(new Violation(at, "a feature needs a column of its own"));
            } else if (encoder instanceof FeatureEncoder.Numeric n && !(Double.isFinite(n.center())
                    && Double.isFinite(n.divisor()) && n.divisor() > 0 && Double.isFinite(n.fill()))) {
                violations.add(new Violation(at, "a numeric encoder needs finite center and fill and a positive "
                        + "divisor"));
            } else if (encoder instanceof FeatureEncoder.OneHot h && (h.categories() == null
                    || h.categories().isEmpty() || h.categories().size() > 100_000)) {
                violations.add(new Violation(at, "a one-hot encoder needs between 1 and 100000 categories"));
            } else if (encoder instanceof FeatureEncoder.Ordinal o && o.categories() == null) {
                violations.add(new Violation(at, "an ordinal encoder needs its categories"));
            }
        }
    }

    private static void images(ImageInput images, String field, List<Violation> violations) {
        if (images.channels() != 1 && images.channels() != 3 || images.height() < 1 || images.width() < 1
                || images.height() > 4096 || images.width() > 4096) {
            violations.add(new Violation(field, "images have 1 or 3 channels and sides of 1 to 4096 pixels"));
        } else if (images.normalized() && (images.mean().size() != images.channels()
                || images.std().size() != images.channels() || images.std().stream().anyMatch(s -> !(s > 0)))) {
            violations.add(new Violation(field, "per-channel normalization needs a mean and a positive std per "
                    + "channel"));
        }
    }

    /** The model fits the preprocessing's input, and its output fits the task. */
    private static void shapes(ModelSpec model, FeaturePipeline pipeline, Task task, List<Violation> violations) {
        ShapeTrace trace = ShapeTrace.of(model, pipeline.layout());
        trace.misfit().ifPresent(m -> violations.add(new Violation(FIELD + "model." + m.path(),
                ShapeTrace.typeName(model.layers().get(m.index())) + ": " + m.reason())));
        ModelSpec.OutputHead head = model.outputHead().orElseThrow();
        int needed = task == Task.MULTICLASS && pipeline.target() instanceof TargetEncoder.Classes c
                ? c.labels().size() : 1;
        Activation a = head.activation();
        boolean fits = switch (task) {
            case BINARY -> a == Activation.SIGMOID || a == Activation.LINEAR;
            case MULTICLASS -> a == Activation.SOFTMAX || a == Activation.LINEAR;
            case REGRESSION, RATING -> a == Activation.LINEAR;
            case RANKING -> a == Activation.SIGMOID || a == Activation.LINEAR;
        };
        if (head.units() != needed || !fits) {
            violations.add(new Violation(FIELD + "model." + head.path(), "a " + task.json() + " task needs " + needed
                    + " output unit(s) with " + (task.isNumeric() ? "a linear" : task == Task.MULTICLASS
                    ? "a softmax or linear" : "a sigmoid or linear") + " output; the model has " + head.units() + " ("
                    + a.json() + ")"));
        }
    }
}
