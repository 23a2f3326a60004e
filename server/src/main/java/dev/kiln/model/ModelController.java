package dev.kiln.model;

import dev.kiln.web.PageQuery;
import dev.kiln.web.Paged;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.http.MediaType;
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
    private static final Set<String> SORTABLE = Set.of("createdAt", "name");

    private final ModelCatalog catalog;

    ModelController(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "createModel", summary = "Store a model definition",
            description = "Invalid layers are refused with 422 naming the path, e.g. layers[1].units.")
    @ApiResponse(responseCode = "201", description = "Stored",
            headers = @Header(name = "Location", description = "the model's URL", schema = @Schema(type = "string")))
    ResponseEntity<ModelResponse> create(@Valid @RequestBody ModelSpec spec) {
        ModelDefinition model = catalog.create(spec);
        return ResponseEntity.created(URI.create("/api/v1/models/" + model.getId())).body(ModelResponse.from(model));
    }

    @GetMapping
    @Operation(operationId = "listModels", summary = "List model definitions, newest first",
            description = "Sortable by createdAt, name.")
    @ApiResponse(responseCode = "200", description = "One page of model definitions")
    Paged<ModelResponse> list(@ParameterObject @Valid PageQuery page) {
        return Paged.of(catalog.list(page.pageable(SORTABLE)), ModelResponse::from);
    }

    @GetMapping("/{id}")
    @Operation(operationId = "getModel", summary = "A model definition",
            description = "Its name and layers, every option resolved to its value.")
    @ApiResponse(responseCode = "200", description = "The model definition")
    ModelResponse get(@PathVariable UUID id) {
        return ModelResponse.from(catalog.get(id));
    }

    @DeleteMapping("/{id}")
    @Operation(operationId = "deleteModel", summary = "Delete a model definition",
            description = "Refused with 409 while a queued or running run uses it.")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "409", description = "A queued or running run uses it")
    ResponseEntity<Void> delete(@PathVariable UUID id) {
        catalog.delete(id);
        return ResponseEntity.noContent().build();
    }

    /** A stored model definition. */
    record ModelResponse(UUID id, String name, List<LayerSpec> layers, Instant createdAt) {
        static ModelResponse from(ModelDefinition m) {
            return new ModelResponse(m.getId(), m.getName(), m.getSpec().layers(), m.getCreatedAt());
        }
    }
}
