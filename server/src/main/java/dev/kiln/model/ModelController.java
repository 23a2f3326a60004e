package dev.kiln.model;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.web.PageableDefault;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/models")
@Tag(name = "Models", description = "Model definitions in Kiln JSON: a name and a list of layers")
class ModelController {
    private final ModelCatalog catalog;

    ModelController(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    @PostMapping
    @Operation(summary = "Store a model definition; invalid layers are refused with 422 naming the path")
    ResponseEntity<ModelResponse> create(@Valid @RequestBody ModelSpec spec) {
        ModelDefinition model = catalog.create(spec);
        return ResponseEntity.created(URI.create("/api/v1/models/" + model.getId())).body(ModelResponse.from(model));
    }

    @GetMapping
    @Operation(summary = "List model definitions, newest first")
    Page<ModelResponse> list(@PageableDefault(size = 20, sort = "createdAt", direction = Sort.Direction.DESC)
                             Pageable page) {
        return catalog.list(page).map(ModelResponse::from);
    }

    @GetMapping("/{id}")
    ModelResponse get(@PathVariable UUID id) {
        return ModelResponse.from(catalog.get(id));
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Delete a model definition (409 while a queued or running run uses it)")
    ResponseEntity<Void> delete(@PathVariable UUID id) {
        catalog.delete(id);
        return ResponseEntity.noContent().build();
    }

    record ModelResponse(UUID id, String name, List<LayerSpec> layers, Instant createdAt) {
        static ModelResponse from(ModelDefinition m) {
            return new ModelResponse(m.getId(), m.getName(), m.getSpec().layers(), m.getCreatedAt());
        }
    }
}
