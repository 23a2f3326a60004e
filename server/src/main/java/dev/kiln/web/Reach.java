package dev.kiln.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.Schema;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/** Which component schemas a document's requests (parameters and bodies) or responses reach, through any nesting. */
final class Reach {
    enum Side { INPUT, OUTPUT, BOTH }

    private Reach() {}

    static Set<String> from(OpenAPI api, Side side) {
        Set<String> names = new HashSet<>();
        List<Schema<?>> pending = new ArrayList<>(operationSchemas(api, side));
        Set<Schema<?>> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        while (!pending.isEmpty()) {
            Schema<?> next = pending.remove(pending.size() - 1);
            Walk.visit(next, schema -> {
                List<String> refs = new ArrayList<>();
                if (schema.get$ref() != null) {
                    refs.add(schema.get$ref());
                }
                if (schema.getDiscriminator() != null && schema.getDiscriminator().getMapping() != null) {
                    refs.addAll(schema.getDiscriminator().getMapping().values());
                }
                for (String ref : refs) {
                    if (ref.startsWith("#/components/schemas/")) {
                        String name = ref.substring("#/components/schemas/".length());
                        Schema<?> target = api.getComponents().getSchemas().get(name);
                        if (names.add(name) && target != null) {
                            pending.add(target);
                        }
                    }
                }
            }, seen);
        }
        return names;
    }

    static List<Schema<?>> operationSchemas(OpenAPI api, Side side) {
        List<Schema<?>> found = new ArrayList<>();
        if (api.getPaths() == null) {
            return found;
        }
        api.getPaths().values().forEach(item -> item.readOperations().forEach(operation -> {
            if (side != Side.OUTPUT) {
                if (operation.getParameters() != null) {
                    operation.getParameters().forEach(p -> add(found, p.getSchema()));
                }
                if (operation.getRequestBody() != null) {
                    content(found, operation.getRequestBody().getContent());
                }
            }
            if (side != Side.INPUT && operation.getResponses() != null) {
                operation.getResponses().values().forEach(r -> content(found, r.getContent()));
            }
        }));
        return found;
    }

    private static void content(List<Schema<?>> found, Content content) {
        if (content != null) {
            content.values().forEach(media -> add(found, media.getSchema()));
        }
    }

    private static void add(List<Schema<?>> found, Schema<?> schema) {
        if (schema != null) {
            found.add(schema);
        }
    }
}
