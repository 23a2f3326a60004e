package dev.kiln.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.function.Consumer;

/** Visits every schema of a document: the components' and those inline in operations, nested ones included. */
final class Walk {
    private Walk() {}

    static void schemas(OpenAPI api, Consumer<Schema<?>> visitor) {
        Set<Schema<?>> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        api.getComponents().getSchemas().values().forEach(s -> visit(s, visitor, seen));
        Reach.operationSchemas(api, Reach.Side.BOTH).forEach(s -> visit(s, visitor, seen));
    }

    static void visit(Schema<?> schema, Consumer<Schema<?>> visitor, Set<Schema<?>> seen) {
        if (schema == null || !seen.add(schema)) {
            return;
        }
        visitor.accept(schema);
        if (schema.getProperties() != null) {
            schema.getProperties().values().forEach(s -> visit(s, visitor, seen));
        }
        visit(schema.getItems(), visitor, seen);
        if (schema.getAdditionalProperties() instanceof Schema<?> additional) {
            visit(additional, visitor, seen);
        }
        for (var list : new java.util.List[] {schema.getAllOf(), schema.getOneOf(), schema.getAnyOf()}) {
            if (list != null) {
                for (Object s : list) {
                    visit((Schema<?>) s, visitor, seen);
                }
            }
        }
    }
}
