package dev.kiln.run.web;

import dev.kiln.feature.PreprocessingOptions;
import dev.kiln.run.Hyperparameters;
import dev.kiln.run.spec.Augmentation;
import dev.kiln.web.OptionCatalog;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/schema")
@Tag(name = "Schema", description = "Every option a run or a model takes, with its type, default, allowed values and meaning")
class SchemaController {

    /** The options of a run: its hyperparameters (nested objects included), preprocessing and augmentation. */
    record RunOptions(List<OptionCatalog.Option> hyperparameters, List<OptionCatalog.Option> preprocessing,
                      List<OptionCatalog.Option> preprocessingColumn, List<OptionCatalog.Option> augmentation) {}

    @GetMapping("/hyperparameters")
    @Operation(operationId = "getHyperparameterSchema", summary = "Every option a run takes",
            description = "Hyperparameters (nested objects and each optimizer's and schedule's own fields included), "
                    + "preprocessing and augmentation: type, default, allowed values, range and meaning.")
    @ApiResponse(responseCode = "200", description = "The options")
    RunOptions hyperparameters() {
        return new RunOptions(OptionCatalog.describe(Hyperparameters.class),
                OptionCatalog.describe(PreprocessingOptions.class),
                OptionCatalog.describe(PreprocessingOptions.Column.class), OptionCatalog.describe(Augmentation.class));
    }
}
