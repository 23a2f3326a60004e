package dev.kiln.web;

import com.fasterxml.jackson.annotation.JsonInclude;
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

/**
 * Describes the options of a request record — name, type, default, allowed values, range, description — from
 * the same annotations that document it in the OpenAPI document ({@code @Schema}) and validate it (Bean
 * Validation), so the discoverability endpoints and the OpenAPI document never disagree.
 */
public final class OptionCatalog {
    private OptionCatalog() {}

    /** One option; {@code options} lists the fields of an object-valued option. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Option(String name, String type, String defaultValue, List<String> allowedValues, Double minimum,
                         Double maximum, Boolean required, String description, List<Option> options) {}

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

    private static Option option(Class<?> owner, RecordComponent component) {
        Field field = field(owner, component.getName());
        Schema schema = field == null ? null : field.getAnnotation(Schema.class);
        Class<?> raw = component.getType();
        List<String> allowed = schema != null && schema.allowableValues().length > 0
                ? List.of(schema.allowableValues()) : raw.isEnum() ? enumValues(raw) : null;
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
        String defaultValue = schema == null || schema.defaultValue().isEmpty() ? null : schema.defaultValue();
        String description = schema == null || schema.description().isEmpty() ? null : schema.description();
        Schema valueSchema = raw.getAnnotation(Schema.class);
        String titled = valueSchema == null || valueSchema.title().isEmpty() ? null : valueSchema.title();
        List<Option> nested = titled != null ? null : raw.isRecord() ? describe(raw)
                : elementRecord(component.getGenericType());
        return new Option(component.getName(), titled != null ? titled : typeName(raw), defaultValue, allowed, minimum,
                maximum,
                required ? Boolean.TRUE : null, description, nested == null || nested.isEmpty() ? null : nested);
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
        if (raw == String.class || raw.isEnum()) {
            return "string";
        }
        if (Collection.class.isAssignableFrom(raw)) {
            return "array";
        }
        if (Map.class.isAssignableFrom(raw) || raw.isRecord()) {
            return "object";
        }
        return "string or object";
    }

    private static List<String> enumValues(Class<?> type) {
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
