package dev.kiln.model;

import dev.kiln.model.keras.KerasExport;
import dev.kiln.model.keras.KerasModels;
import dev.kiln.web.JsonBodies;
import dev.kiln.web.PageQuery;
import dev.kiln.web.Paged;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
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
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@RestController
@RequestMapping("/api/v1/models")
@Tag(name = "Models", description = "Model definitions in Kiln JSON: a name and a list of layers")
class ModelController {
    private static final Set<String> SORTABLE = Set.of("createdAt", "name");

    private final ModelCatalog catalog;
    private final JsonBodies bodies;

    ModelController(ModelCatalog catalog, JsonBodies bodies) {
        this.catalog = catalog;
        this.bodies = bodies;
    }

    /** The media type of Keras's own model JSON ({@code model.to_json()}). */
    static final String KERAS_JSON = "application/vnd.keras+json";

    @PostMapping(consumes = {MediaType.APPLICATION_JSON_VALUE, KERAS_JSON})
    @Operation(operationId = "createModel", summary = "Store a model definition",
            description = "Kiln JSON, or Keras's own model JSON (model.to_json() of Keras 2 or 3, Sequential or "
                    + "Functional: recognised by class_name and config, or sent as application/vnd.keras+json). "
                    + "Invalid layers are refused with 422 naming the path, e.g. layers[1].units, or the Keras layer, "
                    + "e.g. config.layers[3].")
    @ApiResponse(responseCode = "201", description = "Stored",
            headers = @Header(name = "Location", description = "the model's URL", schema = @Schema(type = "string")))
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = {
            @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = ModelSpec.class)),
            @Content(mediaType = KERAS_JSON, schema = @Schema(type = "object", description = "Keras model JSON"))})
    ResponseEntity<ModelResponse> create(@RequestBody JsonNode body,
                                         @Parameter(hidden = true) @RequestHeader(HttpHeaders.CONTENT_TYPE)
                                         MediaType contentType) {
        ModelSpec spec;
        if (contentType.isCompatibleWith(MediaType.parseMediaType(KERAS_JSON)) || KerasModels.isKeras(body)) {
            spec = KerasModels.read(body);
            bodies.validate(spec);
        } else {
            spec = bodies.read(body, ModelSpec.class);
        }
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
            description = "Its name and layers, every option resolved to its value. ?format=keras answers Keras JSON, "
                    + "as GET /models/{id}/keras does.")
    @ApiResponse(responseCode = "200", description = "The model definition")
    ModelResponse get(@PathVariable UUID id) {
        return ModelResponse.from(catalog.get(id));
    }

    @GetMapping(value = "/{id}", params = "format=keras")
    @Operation(hidden = true)
    JsonNode getAsKeras(@PathVariable UUID id, @RequestParam(required = false) String inputShape) {
        return exportKeras(id, inputShape);
    }

    @GetMapping("/{id}/keras")
    @Operation(operationId = "exportKerasModel", summary = "A model definition as Keras JSON",
            description = "Keras 3 JSON that keras.models.model_from_json loads: a stack as Sequential, a graph as "
                    + "Functional, channels last. Keras needs every input's shape: the input layers' shape, or "
                    + "inputShape (channels first, e.g. 1,28,28).")
    @ApiResponse(responseCode = "200", description = "The Keras model JSON", content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(type = "object",
            description = "Keras 3 model JSON (class_name, config)")))
    JsonNode exportKeras(@PathVariable UUID id,
                         @Parameter(description = "the model's input, channels first, e.g. 1,28,28 or 30")
                         @RequestParam(required = false) String inputShape) {
        ModelSpec spec = catalog.get(id).getSpec();
        return KerasExport.write(spec, inputShape == null ? null : InputLayout.of(InputLayout.parseShape(inputShape)));
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
