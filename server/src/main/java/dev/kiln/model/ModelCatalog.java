package dev.kiln.model;

import dev.kiln.access.ProjectScope;
import dev.kiln.access.Tenancy;
import dev.kiln.domain.Conflict;
import dev.kiln.domain.InvalidRequest;
import dev.kiln.domain.Names;
import dev.kiln.domain.NotFound;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;

/** The module's entry point: store, look up and delete model definitions. */
@Service
public class ModelCatalog {
    private final ModelRepository models;
    private final List<ModelUsage> usages;
    private final Clock clock;
    private final org.springframework.transaction.support.TransactionTemplate transactions;
    private final Tenancy tenancy;

    ModelCatalog(ModelRepository models, List<ModelUsage> usages, Clock clock,
                 org.springframework.transaction.PlatformTransactionManager transactionManager, Tenancy tenancy) {
        this.tenancy = tenancy;
        this.transactions = new org.springframework.transaction.support.TransactionTemplate(transactionManager);
        this.models = models;
        this.usages = usages;
        this.clock = clock;
    }

    /** Stores a definition that passed bean validation, after the rules that span layers. */
    public ModelDefinition create(ModelSpec requested) {
        ModelSpec spec = new ModelSpec(Names.clean(requested.name(), 200, "name"), requested.layers());
        checkRules(spec);
        return models.save(new ModelDefinition(UUID.randomUUID(), tenancy.projectForNew(), spec, clock.instant()));
    }

    /** Stores a definition in {@code project} (a study's trial model, made where its study lives). */
    public ModelDefinition createIn(UUID project, ModelSpec requested) {
        ModelSpec spec = new ModelSpec(Names.clean(requested.name(), 200, "name"), requested.layers());
        checkRules(spec);
        return models.save(new ModelDefinition(UUID.randomUUID(), project, spec, clock.instant()));
    }

    /**
     * The rules that span layers (bean validation checks each layer): the layers form a graph Kiln can run (names,
     * inputs, one output: {@link ModelGraph}), and the output comes from a dense layer (or a dot product).
     */
    public static void checkRules(ModelSpec spec) {
        if (spec.layers() == null) {
            throw new InvalidRequest("layers", "must not be null");
        }
        ModelGraph graph = ModelGraph.of(spec);
        if (spec.outputHead().isEmpty()) {
            throw new InvalidRequest("layers", "the output, " + graph.output().label() + ", must come from a dense "
                    + "layer (or a dot product), optionally followed by activation, dropout, batchNorm, flatten or "
                    + "identity layers");
        }
        for (ModelGraph.Node node : graph.nodes()) {
            if (node.layer() instanceof LayerSpec.Embedding embedding && embedding.inputDim() == null
                    && !readsAnInput(graph, node)) {
                throw new InvalidRequest(node.path() + ".inputDim", "required when the embedding does not read an "
                        + "input layer directly (its vocabulary is taken from the input's columns)");
            }
        }
    }

    /** Whether an embedding reads an input layer (or the model's one input) directly, so its vocabulary is known. */
    private static boolean readsAnInput(ModelGraph graph, ModelGraph.Node node) {
        int source = node.inputs().get(0);
        return source == ModelGraph.MODEL_INPUT || graph.node(source).layer() instanceof LayerSpec.Input;
    }

    /** The definition, if it exists and the caller may see it. */
    public Optional<ModelDefinition> find(UUID id) {
        return models.findById(id).filter(m -> tenancy.scope().allows(m.getProjectId()));
    }

    public ModelDefinition get(UUID id) {
        return find(id).orElseThrow(() -> new NotFound("model", id));
    }

    /** The caller's definitions (every project's for an admin). */
    public Page<ModelDefinition> list(Pageable page) {
        ProjectScope scope = tenancy.scope();
        return scope.isAll() ? models.findAll(page)
                : models.findAll((root, query, cb) -> cb.equal(root.get("projectId"), scope.project()), page);
    }

    /** Deletes a definition, unless something still uses it (409). */
    public void delete(UUID id) {
        transactions.executeWithoutResult(status -> {
            ModelDefinition model = models.findLocked(id).filter(m -> tenancy.scope().allows(m.getProjectId()))
                    .orElseThrow(() -> new NotFound("model", id));
            for (ModelUsage usage : usages) {
                usage.blockingModelUse(id).ifPresent(reason -> {
                    throw new Conflict("model " + id + " is in use: " + reason);
                });
            }
            models.delete(model);
        });
    }

    /** The definition, locked for the rest of the caller's transaction (see {@code DatasetCatalog.lockForUse}). */
    public Optional<ModelDefinition> lockForUse(UUID id) {
        return models.findLocked(id).filter(m -> tenancy.scope().allows(m.getProjectId()));
    }
}
