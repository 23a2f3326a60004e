package dev.kiln.web;

import dev.kiln.domain.InvalidParameter;
import dev.kiln.domain.InvalidRequest;
import dev.kiln.domain.Violation;
import jakarta.validation.Validator;
import java.util.Comparator;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a JSON body that a controller took as a tree (because it accepts more than one shape of body) into its
 * type exactly as Spring would have: Kiln's strict mapper, then bean validation; a body that does not fit is a 422
 * naming the path and the reason, the same words a typed body gets.
 */
@Component
public class JsonBodies {
    private final JsonMapper json;
    private final Validator validator;

    JsonBodies(JsonMapper json, Validator validator) {
        this.json = json;
        this.validator = validator;
    }

    public <T> T read(JsonNode body, Class<T> type) {
        T value;
        try {
            value = json.treeToValue(body, type);
        } catch (JacksonException e) {
            JsonReadingProblem problem = JsonReadingProblem.of(e);
            throw problem.violation().map(v -> new InvalidRequest(List.of(v)))
                    .orElseGet(() -> new InvalidParameter("body", problem.detail()));
        }
        validate(value);
        return value;
    }

    /**
     * A bean-validation path as Kiln names fields: no container-element nodes, map keys as names
     * ({@code preprocessing.columns[text].maxTokens} → {@code preprocessing.columns.text.maxTokens}), list indexes kept.
     */
    static String fieldPath(String path) {
        return path.replaceAll("\\.<[^>]+>", "").replaceAll("\\[([^\\]]*[^\\]0-9][^\\]]*)]", ".$1");
    }

    /** Bean validation of a value read some other way; 422 with every violation by path. */
    public <T> void validate(T value) {
        var violations = validator.validate(value).stream()
                .map(v -> new Violation(fieldPath(v.getPropertyPath().toString()), v.getMessage()))
                .sorted(Comparator.comparing(Violation::field)).toList();
        if (!violations.isEmpty()) {
            throw new InvalidRequest(violations);
        }
    }
}
