package dev.kiln.model;

import org.jspecify.annotations.Nullable;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import dev.kiln.web.OptionCatalog;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Arrays;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/schema")
@Tag(name = "Schema")
class LayerSchemaController {

    record LayerType(String type, @Nullable String description, List<OptionCatalog.Option> options) {}

    record Layers(List<LayerType> layers, List<String> activations, List<String> initializers) {}

    @GetMapping("/layers")
    @Operation(operationId = "getLayerSchema", summary = "Every layer type with its options",
            description = "Each layer type with its options (type, default, allowed values, range, meaning), every "
                    + "activation and every initializer.")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "The layer types")
    Layers layers() {
        List<LayerType> types = Arrays.stream(LayerSpec.class.getAnnotation(JsonSubTypes.class).value())
                .map(t -> new LayerType(t.name(), description(t.value()), OptionCatalog.describe(t.value())))
                .toList();
        return new Layers(types, Arrays.stream(Activation.values()).map(Activation::json).toList(),
                Arrays.stream(Initializer.values()).map(Initializer::json).toList());
    }

    private static String description(Class<?> type) {
        Schema schema = type.getAnnotation(Schema.class);
        return schema == null ? null : schema.description();
    }
}
