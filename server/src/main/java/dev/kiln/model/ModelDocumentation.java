package dev.kiln.model;

import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import java.math.BigDecimal;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Configuration;

/** How the OpenAPI document shows the model module's value types that Jackson reads in more than one form. */
@Configuration
class ModelDocumentation {
    ModelDocumentation() {
        // a window is written [height, width]; a single integer is read as a square too
        SpringDocUtils.getConfig().replaceWithSchema(Window.class, new ArraySchema()
                .items(new IntegerSchema().minimum(BigDecimal.ONE)).minItems(2).maxItems(2)
                .description("[height, width]; a single integer is read as a square"));
    }
}
