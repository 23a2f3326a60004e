package dev.kiln.model;

import dev.kiln.persistence.JsonColumn;
import jakarta.persistence.Convert;
import jakarta.persistence.Converter;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import tools.jackson.core.type.TypeReference;

/** A stored, validated model definition. Immutable. */
@Entity
@Table(name = "model_definitions")
public class ModelDefinition {
    @Id
    private UUID id;
    private UUID projectId;
    private String name;
    @Convert(converter = SpecColumn.class)
    private ModelSpec spec;
    private Instant createdAt;

    protected ModelDefinition() {}

    ModelDefinition(UUID id, UUID projectId, ModelSpec spec, Instant createdAt) {
        this.id = id;
        this.projectId = projectId;
        this.name = spec.name();
        this.spec = spec;
        this.createdAt = createdAt;
    }

    /** A copy with another definition, never stored: what a run of a changed model (a study's trial) would use. */
    public ModelDefinition withSpec(ModelSpec changed) {
        return new ModelDefinition(id, projectId, changed, createdAt);
    }

    public UUID getId() {
        return id;
    }

    /** The project the definition belongs to. */
    public UUID getProjectId() {
        return projectId;
    }

    public String getName() {
        return name;
    }

    public ModelSpec getSpec() {
        return spec;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    @Converter
    static class SpecColumn extends JsonColumn<ModelSpec> {
        SpecColumn() {
            super(new TypeReference<>() {});
        }
    }
}
