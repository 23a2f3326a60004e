package dev.kiln.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Describes the options of a request type — name, type, default, allowed values, range, description — from the same
 * annotations that document it in the OpenAPI document ({@code @Schema}) and validate it (Bean Validation), with the
 * defaults read where they are written ({@link Defaults}), so the discoverability endpoints, the OpenAPI document and
 * what Kiln does never disagree. An option whose type is a family (an optimizer, a schedule) lists each variant with
 * its own options.
 */
public final class OptionCatalog {
    private OptionCatalog() {}

    /** One option; {@code options} lists the fields of an object-valued option, {@code variants} a family's kinds. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Option(String name, String type,
                         @Schema(description = "the default, as JSON (a number, a string, a boolean)")
                         @Nullable JsonNode defaultValue, @Nullable List<String> allowedValues,
                         @Nullable Double minimum, @Nullable Double maximum, @Nullable Boolean required,
                         @Nullable String description,
                         @ArraySchema(schema = @Schema(ref = "#/components/schemas/Option")) @Nullable List<Option> options,
                         @Nullable List<Variant> variants) {}

    /** One kind of a family ({@code "type": "adam"}) with its own options. */
    public record Variant(String type, @Nullable String description,
                          @ArraySchema(schema = @Schema(ref = "#/components/schemas/Option")) List<Option> options) {}

    public static List<Option> describe(Class<?> type) {
        if (!type.isRecord()) {
            return List.of();
        }
        List<Option> options = new ArrayList<>();
        for (RecordComponent component : type.getRecordComponents()) {
            options.add(option(type, component));
        }
        return options;
    }

    /** The kinds of a family: every {@code @JsonSubTypes} entry of {@code type} with its options. */
    public static List<Variant> variants(Class<?> type) {
        JsonSubTypes subTypes = type.getAnnotation(JsonSubTypes.class);
        if (subTypes == null) {
            return List.of();
        }
        return Arrays.stream(subTypes.value()).map(t -> new Variant(t.name(), description(t.value()),
                describe(t.value()))).toList();
    }

    private static Option option(Class<?> owner, RecordComponent component) {
        Field field = field(owner, component.getName());
        Schema schema = field == null ? null : field.getAnnotation(Schema.class);
        Class<?> raw = component.getType();
        // an option of the owner's own family (bidirectional's layer) names its kinds without describing them again
        List<Variant> variants = raw.isAssignableFrom(owner) ? List.of() : variants(raw);
        List<String> allowed = schema != null && schema.allowableValues().length > 0
                ? List.of(schema.allowableValues()) : raw.isEnum() ? enumValues(raw)
                : variants.isEmpty() ? null : variants.stream().map(Variant::type).toList();
        Double minimum = null;
        Double maximum = null;
        if (field != null) {
            if (field.getAnnotation(Min.class) != null) {
                minimum = (double) field.getAnnotation(Min.class).value();
            }
            if (field.getAnnotation(Positive.class) != null) {
                minimum = 0.0;
            }
            if (field.getAnnotation(DecimalMin.class) != null) {
                minimum = Double.valueOf(field.getAnnotation(DecimalMin.class).value());
            }
            if (field.getAnnotation(Max.class) != null) {
                maximum = (double) field.getAnnotation(Max.class).value();
            }
            if (field.getAnnotation(DecimalMax.class) != null) {
                maximum = Double.valueOf(field.getAnnotation(DecimalMax.class).value());
            }
        }
        boolean required = field != null && field.getAnnotation(NotNull.class) != null;
        String description = schema == null || schema.description().isEmpty() ? null : schema.description();
        Schema valueSchema = raw.getAnnotation(Schema.class);
        String titled = valueSchema == null || valueSchema.title().isEmpty() ? null : valueSchema.title();
        List<Option> nested = titled != null || !variants.isEmpty() ? null : raw.isRecord() ? describe(raw)
                : elementRecord(component.getGenericType());
        return new Option(component.getName(), titled != null ? titled : typeName(raw), defaultValue(owner, component,
                !variants.isEmpty()), allowed, minimum, maximum, required ? Boolean.TRUE : null, description,
                nested == null || nested.isEmpty() ? null : nested, variants.isEmpty() ? null : variants);
    }

    /** The option's default; for a family, the kind it defaults to. */
    private static JsonNode defaultValue(Class<?> owner, RecordComponent component, boolean family) {
        JsonNode value = Defaults.of(owner, component.getName());
        if (value == null || value.isObject() && !family || value.isArray()) {
            return null;
        }
        return family ? value.get("type") : value;
    }

    private static String description(Class<?> type) {
        Schema schema = type.getAnnotation(Schema.class);
        return schema == null || schema.description().isEmpty() ? null : schema.description();
    }

    private static List<Option> elementRecord(Type type) {
        if (type instanceof ParameterizedType p && p.getActualTypeArguments().length == 1
                && p.getActualTypeArguments()[0] instanceof Class<?> element && element.isRecord()) {
            return describe(element);
        }
        return null;
    }

    private static String typeName(Class<?> raw) {
        if (raw == Integer.class || raw == int.class || raw == Long.class || raw == long.class) {
            return "integer";
        }
        if (raw == Double.class || raw == double.class || raw == Float.class || raw == float.class) {
            return "number";
        }
        if (raw == Boolean.class || raw == boolean.class) {
            return "boolean";
        }
        if (raw == String.class || raw.isEnum() || raw == java.util.UUID.class) {
            return "string";
        }
        if (Collection.class.isAssignableFrom(raw)) {
            return "array";
        }
        if (Map.class.isAssignableFrom(raw) || raw.isRecord() || raw.isInterface()) {
            return "object";
        }
        return "string or object";
    }

    /** An enum's values as written in JSON (its {@code json()} names). */
    public static List<String> enumValues(Class<?> type) {
        return Arrays.stream(type.getEnumConstants()).map(value -> {
            try {
                return String.valueOf(type.getMethod("json").invoke(value));
            } catch (ReflectiveOperationException e) {
                return value.toString();
            }
        }).toList();
    }

    private static Field field(Class<?> owner, String name) {
        try {
            return owner.getDeclaredField(name);
        } catch (NoSuchFieldException e) {
            return null;
        }
    }
}
