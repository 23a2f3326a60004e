package dev.kiln.run;

import dev.kiln.dataset.ColumnProfile;
import dev.kiln.dataset.Dataset;
import dev.kiln.domain.InvalidRequest;
import dev.kiln.feature.DatasetRequirements;
import dev.kiln.model.ModelDefinition;
import dev.kiln.dataset.DatasetProfile;
import dev.kiln.domain.Violation;
import dev.kiln.metrics.MetricSpec;
import dev.kiln.model.LayerSpec;
import dev.kiln.model.ModelSpec;
import dev.kiln.interaction.HoldOut;
import dev.kiln.interaction.InteractionSpec;
import dev.kiln.interaction.Interactions;
import dev.kiln.run.spec.TrainingSpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The part of a submission that only rating and ranking runs have: the interaction columns exist and fit (the
 * rating numeric, the time numeric), the target and features follow from them, the model's {@code user} and
 * {@code item} inputs read those columns, and the metrics are the task's. Every violation names its field.
 */
final class InteractionCheck {
    private static final String FIELD = "interactions.";

    /** A rating or ranking run's settled parts. */
    record Settled(InteractionSpec interactions, String target, List<String> features, ModelSpec model,
                   TrainingSpec spec) {}

    private InteractionCheck() {}

    /** A rating or ranking run: its interactions settle its target, features and metrics (see InteractionCheck). */
    static Run.Accepted accept(RunSubmission submit, Dataset data, Optional<ModelDefinition> model,
                               Optional<Dataset> test, Optional<Dataset> validation, TrainingSpec spec,
                               List<Violation> violations, RunLimits limits, SubmissionCheck.RunLookup runs) {
        Task task = submit.task();
        if (task == null || !task.isRecommendation()) {
            violations.add(new Violation(task == null ? "task" : "interactions", "interactions belong to a rating or "
                    + "ranking run: set task to rating or ranking" + (task == null ? "" : ", or leave interactions out")));
            throw new InvalidRequest(violations);
        }
        if (data.isImages()) {
            violations.add(new Violation("datasetId", "a " + task.json() + " run learns from a table of interactions; "
                    + "this dataset holds images"));
            throw new InvalidRequest(violations);
        }
        DatasetProfile profile = data.getProfile();
        var checked = check(submit, task, profile, model.map(ModelDefinition::getSpec).orElse(null),
                spec, violations);
        if (checked != null && checked.model() != null) {
            // side features an embedding reads are ids, as in any run
            var sideIds = new java.util.LinkedHashSet<>(ModelInputs.idColumns(checked.model(), checked.features()));
            sideIds.removeAll(List.of(checked.interactions().user(), checked.interactions().item()));
            checked = new Settled(checked.interactions(), checked.target(), checked.features(),
                    checked.model(), checked.spec().withPreprocessing(ModelInputs.withIdColumns(
                    checked.spec().preprocessing(), sideIds, profile, violations)));
        }
        var settled = checked;
        if (settled != null && model.isPresent()) {
            ColumnProfile target = profile.column(settled.target()).orElseThrow();
            SubmissionCheck.checkModel(settled.model(), task, target, data, settled.features(), settled.spec(), violations)
                    .ifPresent(trace -> limits.check(trace, settled.model(), settled.spec(), violations));
            var required = DatasetRequirements.of(profile, settled.features(), settled.target(), null);
            var needed = task == Task.RANKING ? required.withoutTarget() : required;
            test.ifPresent(t -> violations.addAll(needed.check(t.getProfile(), "testDatasetId")));
            validation.ifPresent(v -> violations.addAll(needed.check(v.getProfile(), "validationDatasetId")));
            if (submit.initFrom() != null) {
                Optional<Run> parent = runs.find(submit.initFrom().runId());
                SubmissionCheck.sameProject(data.getProjectId(), parent.map(Run::getProjectId), "initFrom.runId", violations);
                WarmStartCheck.check(submit.initFrom(), parent, settled.model(), task, settled.features(), violations);
            }
        }
        if (!violations.isEmpty() || settled == null) {
            throw new InvalidRequest(violations);
        }
        return new Run.Accepted(data.getProjectId(), submit.datasetId(), submit.modelId(), settled.model(),
                submit.testDatasetId(), settled.target(), task, settled.features(), settled.spec(),
                submit.priority() == null ? 0 : submit.priority(), submit.initFrom());
    }

    /** Null (with violations) when the submission cannot be settled. */
    static @Nullable Settled check(RunSubmission submit, Task task, DatasetProfile profile, @Nullable ModelSpec model,
                                   TrainingSpec spec, List<Violation> violations) {
        Interactions given = submit.interactions();
        if (given == null) {
            violations.add(new Violation("interactions", "a " + task.json() + " run names its user and item columns "
                    + "here, e.g. {\"user\": \"userId\", \"item\": \"movieId\"" + (task == Task.RATING
                    ? ", \"rating\": \"rating\"}" : "}")));
            return null;
        }
        int before = violations.size();
        boolean ranking = task == Task.RANKING;
        Optional<ColumnProfile> user = column(profile, given.user(), FIELD + "user", violations);
        Optional<ColumnProfile> item = column(profile, given.item(), FIELD + "item", violations);
        if (given.user().equals(given.item())) {
            violations.add(new Violation(FIELD + "item", "the item column must differ from the user column"));
        }
        if (!ranking && given.rating() == null) {
            violations.add(new Violation(FIELD + "rating", "a rating run learns the rating column: name it"));
        }
        if (given.rating() != null) {
            column(profile, given.rating(), FIELD + "rating", violations).filter(c -> !ranking && !c.isNumeric())
                    .ifPresent(c -> violations.add(new Violation(FIELD + "rating", "column '" + c.name() + "' is not "
                            + "numeric; a rating run regresses on it")));
        }
        if (given.timestamp() != null) {
            column(profile, given.timestamp(), FIELD + "timestamp", violations).filter(c -> !c.isNumeric())
                    .ifPresent(c -> violations.add(new Violation(FIELD + "timestamp", "column '" + c.name() + "' is "
                            + "not numeric; times are numbers (e.g. unix seconds) that order each user's interactions")));
        }
        InteractionSpec settled = InteractionSpec.resolve(given, ranking);
        if (settled.split() == HoldOut.LEAVE_LAST_OUT && given.timestamp() == null) {
            violations.add(new Violation(FIELD + "split", "leaveLastOut holds out each user's latest interaction: "
                    + "name the time column in interactions.timestamp"));
        }
        if (!ranking && (given.negatives() != null || given.negativeSampling() != null || given.loss() != null)) {
            violations.add(new Violation(FIELD + (given.negatives() != null ? "negatives" : given.negativeSampling()
                    != null ? "negativeSampling" : "loss"), "applies to ranking runs; a rating run learns the ratings"));
        }
        String target = ranking ? given.item() : given.rating();
        if (submit.target() != null && !submit.target().equals(target)) {
            violations.add(new Violation("target", "a " + task.json() + " run's target is its " + (ranking
                    ? "item column (interactions.item)" : "rating column (interactions.rating)") + "; leave target out"));
        }
        if (spec.classWeights() != null) {
            violations.add(new Violation("hyperparameters.classWeights", "applies to classification, not to a "
                    + task.json() + " run"));
        }
        ModelSpec resolved = model == null ? null : withInteractionInputs(model, settled);
        List<String> features = features(submit, settled, ranking, profile, resolved, violations);
        if (violations.size() > before || user.isEmpty() || item.isEmpty()) {
            return null;
        }
        TrainingSpec withSplit = settled.split() == HoldOut.LEAVE_LAST_OUT ? spec.withValidationSplit(0) : spec;
        TrainingSpec out = withSplit.withInteractions(settled).withPreprocessing(spec.preprocessing()
                .withOrdinal(List.of(settled.user(), settled.item())));
        return new Settled(settled, target, features, resolved, metrics(out, task, item.get(), violations));
    }

    /**
     * The user and item columns, then the side features the submission names — or, when it names none, those the
     * model's inputs read (rating runs only).
     */
    private static List<String> features(RunSubmission submit, InteractionSpec spec, boolean ranking,
                                         DatasetProfile profile, @Nullable ModelSpec model,
                                         List<Violation> violations) {
        Set<String> features = new LinkedHashSet<>(List.of(spec.user(), spec.item()));
        if (submit.features() == null) {
            List<String> read = model == null ? List.of()
                    : ModelInputs.columns(model, profile.columnNames()).orElse(List.of());
            for (String column : read) {
                if (features.contains(column)) {
                    continue;
                }
                if (profile.column(column).isEmpty()) {
                    violations.add(new Violation("modelId", "an input layer reads the column '" + column + "', which "
                            + "the dataset does not have"));
                } else if (ranking || column.equals(spec.rating())) {
                    violations.add(new Violation("modelId", "an input layer reads '" + column + "'; a " + (ranking
                            ? "ranking run reads its user and item columns only" : "rating run's rating is its target")));
                } else {
                    features.add(column);
                }
            }
            return List.copyOf(features);
        }
        for (int i = 0; i < submit.features().size(); i++) {
            String name = submit.features().get(i);
            String field = "features[" + i + "]";
            if (profile.column(name).isEmpty()) {
                violations.add(new Violation(field, "no column '" + name + "' in the dataset"));
            } else if (name.equals(spec.rating()) && !ranking) {
                violations.add(new Violation(field, "'" + name + "' is the rating, the target"));
            } else if (ranking && !features.contains(name)) {
                violations.add(new Violation(field, "a ranking run reads its user and item columns only (its "
                        + "negatives are user–item pairs); '" + name + "' cannot be a feature"));
            } else {
                features.add(name);
            }
        }
        return List.copyOf(features);
    }

    /** The model with its inputs named {@code user} and {@code item} (and no columns) reading those columns. */
    static ModelSpec withInteractionInputs(ModelSpec model, InteractionSpec spec) {
        List<LayerSpec> layers = new ArrayList<>();
        for (LayerSpec layer : model.layers()) {
            if (layer instanceof LayerSpec.Input input && input.columns() == null
                    && ("user".equals(input.name()) || "item".equals(input.name()))) {
                layers.add(new LayerSpec.Input(input.name(), input.inputs(), List.of("user".equals(input.name())
                        ? spec.user() : spec.item()), input.shape()));
            } else {
                layers.add(layer);
            }
        }
        return new ModelSpec(model.name(), layers);
    }

    /** The task's metrics: rmse and mae for rating; hitRate@10 and ndcg@10 for ranking, each k settled. */
    private static TrainingSpec metrics(TrainingSpec spec, Task task, ColumnProfile item, List<Violation> violations) {
        List<MetricSpec> metrics = spec.metrics();
        if (task == Task.RATING) {
            return spec.withMetrics(metrics.isEmpty() ? List.of(MetricSpec.named("rmse"), MetricSpec.named("mae"))
                    : metrics);
        }
        List<MetricSpec> given = metrics.isEmpty() ? List.of(MetricSpec.named("hitRate"), MetricSpec.named("ndcg"))
                : metrics;
        List<MetricSpec> settled = new ArrayList<>();
        Set<String> keys = new java.util.HashSet<>();
        for (int i = 0; i < given.size(); i++) {
            MetricSpec metric = given.get(i);
            String problem = metric.name() == null ? "a metric needs a name"
                    : metric.rankingProblem(item.distinctCapped() ? 0 : (int) item.distinct());
            MetricSpec ranked = metric.name() == null ? metric : metric.forRanking();
            if (problem == null && !keys.add(ranked.key())) {
                problem = "'" + ranked.key() + "' is listed twice";
            }
            if (problem != null) {
                violations.add(new Violation("hyperparameters.metrics[" + i + "]", problem));
            }
            settled.add(ranked);
        }
        return spec.withMetrics(settled);
    }

    private static Optional<ColumnProfile> column(DatasetProfile profile, String name, String field,
                                                  List<Violation> violations) {
        Optional<ColumnProfile> found = profile.column(name);
        if (found.isEmpty()) {
            violations.add(new Violation(field, "no column '" + name + "' in the dataset; columns: "
                    + String.join(", ", profile.columnNames().size() <= 20 ? profile.columnNames()
                    : profile.columnNames().subList(0, 20))));
        }
        return found;
    }
}
