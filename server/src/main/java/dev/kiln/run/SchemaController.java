package dev.kiln.run;

import dev.kiln.feature.PreprocessingOptions;
import dev.kiln.web.OptionCatalog;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/schema")
@Tag(name = "Schema", description = "Every option a run takes, with its type, default, allowed values and meaning")
class SchemaController {

    @GetMapping("/hyperparameters")
    @Operation(summary = "Every hyperparameter (nested objects included), and the preprocessing options of a run")
    Map<String, List<OptionCatalog.Option>> hyperparameters() {
        return Map.of("hyperparameters", OptionCatalog.describe(Hyperparameters.class),
                "preprocessing", OptionCatalog.describe(PreprocessingOptions.class),
                "preprocessingColumn", OptionCatalog.describe(PreprocessingOptions.Column.class));
    }
}
