package dev.kiln.web;

import dev.kiln.domain.Violation;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.http.converter.HttpMessageNotReadableException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidTypeIdException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.exc.ValueInstantiationException;

/**
 * Explains why a JSON body could not be read. A body that is valid JSON but does not fit the resource
 * (unknown field, wrong type, unknown layer type) is a violation naming its path — a 422; broken JSON is a
 * 400 with the position of the error.
 */
record JsonReadingProblem(Optional<Violation> violation, String detail) {

    static JsonReadingProblem of(HttpMessageNotReadableException e) {
        return of(e.getCause());
    }

    /** Why a body could not be read, from what Jackson threw. */
    static JsonReadingProblem of(Throwable cause) {
        if (cause instanceof InputCoercionException range && !range.getPath().isEmpty()) {
            return new JsonReadingProblem(Optional.of(new Violation(path(range), "the number is out of range for "
                    + (range.getTargetType() == null ? "this field" : describe(range.getTargetType())))), "");
        }
        if (cause instanceof StreamReadException duplicate && duplicate.getOriginalMessage() != null
                && duplicate.getOriginalMessage().startsWith("Duplicate Object property")) {
            String name = duplicate.getOriginalMessage().replaceFirst("^Duplicate Object property \"(.*)\".*$", "$1");
            String path = path(duplicate);
            return new JsonReadingProblem(Optional.of(new Violation(path.isEmpty() ? name : path + "." + name,
                    "is given more than once")), "");
        }
        if (cause instanceof StreamReadException syntax) {
            var location = syntax.getLocation();
            String at = location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
            return new JsonReadingProblem(Optional.empty(), "the body is not valid JSON" + at);
        }
        if (cause instanceof InvalidTypeIdException typeId) {
            String path = path(typeId);
            return new JsonReadingProblem(Optional.of(new Violation((path.isEmpty() ? "" : path + ".") + "type",
                    (typeId.getTypeId() == null ? "missing type" : "unknown type '" + typeId.getTypeId() + "'")
                            + knownTypes(typeId))), "");
        }
        if (cause instanceof JacksonException jackson && !jackson.getPath().isEmpty()) {
            return new JsonReadingProblem(Optional.of(new Violation(path(jackson), reason(jackson))), "");
        }
        if (cause instanceof MismatchedInputException) {
            return new JsonReadingProblem(Optional.empty(), "the body must be a JSON object");
        }
        return new JsonReadingProblem(Optional.empty(), "the request body is missing or is not readable JSON");
    }

    private static String reason(JacksonException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            var known = unknown.getKnownPropertyIds() == null ? "" : unknown.getKnownPropertyIds().stream()
                    .map(Object::toString).sorted().collect(Collectors.joining(", "));
            return "unknown field" + (known.isEmpty() ? "" : "; known fields: " + known);
        }
        if (e instanceof ValueInstantiationException instantiation && instantiation.getCause() != null) {
            return instantiation.getCause().getMessage();
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return "expected " + describe(mismatch.getTargetType());
        }
        return e.getOriginalMessage();
    }

    /** The type names a polymorphic type accepts, from its {@code @JsonSubTypes}. */
    private static String knownTypes(InvalidTypeIdException e) {
        if (e.getBaseType() == null) {
            return "";
        }
        JsonSubTypes subTypes = e.getBaseType().getRawClass().getAnnotation(JsonSubTypes.class);
        if (subTypes == null) {
            return "";
        }
        return "; expected one of " + java.util.Arrays.stream(subTypes.value()).map(JsonSubTypes.Type::name)
                .collect(Collectors.joining(", "));
    }

    private static String describe(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == Double.class || type == double.class || type == Float.class || type == float.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type.isEnum()) {
            return "one of " + String.join(", ", OptionCatalog.enumValues(type));
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }

    static String path(JacksonException e) {
        var path = new StringBuilder();
        for (var reference : e.getPath()) {
            if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            } else if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            }
        }
        return path.toString();
    }
}
