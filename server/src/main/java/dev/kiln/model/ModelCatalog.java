package dev.kiln.model;

import dev.kiln.domain.Conflict;
import dev.kiln.domain.InvalidRequest;
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

    ModelCatalog(ModelRepository models, List<ModelUsage> usages, Clock clock) {
        this.models = models;
        this.usages = usages;
        this.clock = clock;
    }

    /** Stores a definition that passed bean validation, after the rules that span layers. */
    public ModelDefinition create(ModelSpec spec) {
        if (spec.outputHead().isEmpty()) {
            throw new InvalidRequest("layers", "a model needs at least one dense layer to produce its output");
        }
        return models.save(new ModelDefinition(UUID.randomUUID(), spec, clock.instant()));
    }

    public Optional<ModelDefinition> find(UUID id) {
        return models.findById(id);
    }

    public ModelDefinition get(UUID id) {
        return find(id).orElseThrow(() -> new NotFound("model", id));
    }

    public Page<ModelDefinition> list(Pageable page) {
        return models.findAll(page);
    }

    /** Deletes a definition, unless something still uses it (409). */
    public void delete(UUID id) {
        ModelDefinition model = get(id);
        for (ModelUsage usage : usages) {
            usage.blockingModelUse(id).ifPresent(reason -> {
                throw new Conflict("model " + id + " is in use: " + reason);
            });
        }
        models.delete(model);
    }
}
