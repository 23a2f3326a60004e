package dev.kiln.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Every operation Kiln's own OpenAPI document lists, for tests that must cover each endpoint. */
public final class ApiOperations {
    private ApiOperations() {}

    /** One operation: method, path template, its id and the media type of its body (null when it takes none). */
    public record Operation(String method, String path, String id, String bodyType) {
        /** The path with each {parameter} replaced by its value. */
        public String path(Map<String, String> values) {
            String path = this.path;
            for (var value : values.entrySet()) {
                path = path.replace("{" + value.getKey() + "}", value.getValue());
            }
            if (path.contains("{")) {
                throw new IllegalArgumentException("no value for a parameter of " + this.path);
            }
            return path;
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    /** The operations under {@code /api} of the document this Kiln serves. */
    public static List<Operation> of(KilnHttp http) {
        JsonNode paths = http.anonymous().get("/v3/api-docs").json().get("paths");
        List<Operation> operations = new ArrayList<>();
        for (var path : paths.properties()) {
            if (!path.getKey().startsWith("/api/")) {
                continue;
            }
            for (var method : path.getValue().properties()) {
                JsonNode content = method.getValue().path("requestBody").path("content");
                String bodyType = content.isObject() && !content.isEmpty() ? content.propertyNames().iterator().next()
                        : null;
                operations.add(new Operation(method.getKey().toUpperCase(java.util.Locale.ROOT), path.getKey(),
                        method.getValue().get("operationId").asString(), bodyType));
            }
        }
        return operations;
    }
}
