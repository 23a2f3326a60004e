package dev.kiln.study.internal;

import dev.kiln.domain.InvalidRequest;
import dev.kiln.domain.Violation;
import dev.kiln.model.ModelCatalog;
import dev.kiln.model.ModelSpec;
import dev.kiln.run.RunSubmission;
import dev.kiln.run.spec.Optimizer;
import dev.kiln.run.web.SubmitRun;
import dev.kiln.study.StudyDefinition;
import dev.kiln.study.space.JsonPath;
import dev.kiln.study.space.Space;
import dev.kiln.web.JsonBodies;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a trial's decisions into the run it trains: the study's base run (the body of {@code POST /runs}) with each
 * parameter's value set at its path, and — when the space reaches into the model ({@code model.layers[0].units}) —
 * a changed copy of the base run's model definition. Both are read exactly as {@code POST /runs} and
 * {@code POST /models} read them, so a value either refuses is refused here with the same words.
 */
@Component
public class TrialRuns {
    private final JsonBodies bodies;
    private final JsonMapper json;
    private final ModelCatalog models;

    TrialRuns(JsonBodies bodies, JsonMapper json, ModelCatalog models) {
        this.bodies = bodies;
        this.json = json;
        this.models = models;
    }

    /** A trial's run as JSON, its changed model (null when the space leaves the model alone), and its values by path. */
    public record Materialized(ObjectNode run, @Nullable ModelSpec model, Map<String, JsonNode> parameters) {}

    /** The base run read as {@code POST /runs} reads it; violations are named {@code <prefix>.<field>}. */
    public RunSubmission read(JsonNode run, String prefix) {
        try {
            return bodies.read(run, SubmitRun.class).toSubmission();
        } catch (InvalidRequest e) {
            throw prefixed(e, prefix);
        }
    }

    /** The run of these decisions; 422 naming {@code space.<path>} when a value cannot be set or is refused. */
    public Materialized materialize(StudyDefinition study, Space space, Map<String, Double> decisions,
                                    @Nullable String modelName) {
        ObjectNode run = (ObjectNode) study.run().deepCopy();
        ObjectNode model = null;
        Map<String, JsonNode> parameters = new LinkedHashMap<>();
        for (Map.Entry<JsonPath, JsonNode> entry : space.resolve(decisions).entrySet()) {
            JsonPath path = entry.getKey();
            parameters.put(path.text(), entry.getValue());
            String problem;
            if (path.first().equals("model")) {
                if (path.steps().size() < 2) {
                    throw new InvalidRequest("space." + path, "name a field of the model, e.g. model.layers[0].units");
                }
                if (model == null) {
                    model = json.valueToTree(baseModel(run));
                }
                problem = path.rest().set(model, entry.getValue());
            } else {
                if (path.text().startsWith("hyperparameters.optimizer.") && !run.path("hyperparameters")
                        .path("optimizer").isObject()) {
                    // a parameter of the optimizer of a run that names none: of the default optimizer
                    JsonPath.parse("hyperparameters.optimizer").set(run, json.valueToTree(Optimizer.defaults()));
                }
                problem = path.set(run, entry.getValue());
            }
            if (problem != null) {
                throw new InvalidRequest("space." + path, problem);
            }
        }
        ModelSpec changed = null;
        if (model != null) {
            if (modelName != null) {
                model.put("name", modelName);
            }
            try {
                changed = bodies.read(model, ModelSpec.class);
                ModelCatalog.checkRules(changed);
            } catch (InvalidRequest e) {
                throw prefixed(e, "model");
            }
        }
        return new Materialized(run, changed, parameters);
    }

    /** The submission of a materialized run, with its model replaced by {@code modelId} when given. */
    public RunSubmission submission(Materialized trial, @Nullable UUID modelId) {
        ObjectNode run = trial.run().deepCopy();
        if (modelId != null) {
            run.put("modelId", modelId.toString());
        }
        return read(run, "run");
    }

    private ModelSpec baseModel(ObjectNode run) {
        JsonNode id = run.get("modelId");
        UUID modelId;
        try {
            modelId = UUID.fromString(id.asString());
        } catch (RuntimeException e) {
            throw new InvalidRequest("run.modelId", "the base run's model must be given by id");
        }
        return models.find(modelId).orElseThrow(() -> new InvalidRequest("run.modelId", "no model with id " + modelId))
                .getSpec();
    }

    /** The same violations, each field prefixed ({@code run.hyperparameters.epochs}); a space's own stay as they are. */
    public static InvalidRequest prefixed(InvalidRequest e, String prefix) {
        List<Violation> named = e.violations().stream().map(v -> new Violation(v.field().startsWith("space.") ? v.field()
                : prefix + "." + v.field(), v.message())).toList();
        return new InvalidRequest(named);
    }
}
