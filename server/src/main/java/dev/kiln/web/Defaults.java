package dev.kiln.web;

import dev.kiln.persistence.JsonColumn;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * The defaults of an option type, read from the one place they are written: a type's static {@code defaults()} (what
 * leaving everything out resolves to), else its canonical constructor given nothing (records fill their defaults
 * there, from nulls; a record with primitive components is a value, not options, and has none). The OpenAPI document and {@code /schema/*} publish what this returns, so they cannot drift from what
 * Kiln does.
 */
public final class Defaults {
    private static final Map<Class<?>, JsonNode> CACHE = new ConcurrentHashMap<>();
    private static final JsonNode NONE = JsonColumn.mapper().nullNode();

    private Defaults() {}

    /** The type's defaults as JSON (an object whose members are the defaulted options), or null when it has none. */
    public static JsonNode of(Class<?> type) {
        JsonNode found = CACHE.computeIfAbsent(type, Defaults::compute);
        return found == NONE ? null : found;
    }

    /** The default of one option of {@code type}, or null. */
    public static JsonNode of(Class<?> type, String option) {
        JsonNode defaults = of(type);
        JsonNode value = defaults == null ? null : defaults.get(option);
        return value == null || value.isNull() ? null : value;
    }

    private static JsonNode compute(Class<?> type) {
        Object instance = declared(type);
        if (instance == null && type.isRecord()) {
            instance = constructedEmpty(type);
        }
        return instance == null ? NONE : JsonColumn.mapper().valueToTree(instance);
    }

    private static Object declared(Class<?> type) {
        try {
            Method method = type.getMethod("defaults");
            return Modifier.isStatic(method.getModifiers()) && method.getParameterCount() == 0
                    ? method.invoke(null) : null;
        } catch (NoSuchMethodException e) {
            return null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("the defaults of " + type.getName() + " cannot be read", e);
        }
    }

    private static Object constructedEmpty(Class<?> type) {
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] arguments = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            if (types[i].isPrimitive()) {
                return null; // option types are all boxed; a record with primitives is a value, not options
            }
        }
        try {
            Constructor<?> constructor = type.getDeclaredConstructor(types);
            constructor.setAccessible(true);
            return constructor.newInstance(arguments);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // a record that needs some value (a required field) publishes no defaults
        }
    }

}
