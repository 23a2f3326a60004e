package dev.kiln.model.keras;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Reading one Keras layer's {@code config} the way every Keras version writes it: tuples as arrays or as
 * {@code {"class_name": "__tuple__", "items": […]}}, integers for square windows, nulls for absent options. A value
 * Kiln cannot take becomes an {@link Unsupported} naming the option.
 */
final class KerasConfig {
    private final JsonNode config;

    KerasConfig(JsonNode config) {
        this.config = config == null || config.isNull() ? tools.jackson.databind.node.JsonNodeFactory.instance
                .objectNode() : config;
    }

    /** Something in a Keras model Kiln would have to approximate: refused, with the reason. */
    static final class Unsupported extends RuntimeException {
        Unsupported(String reason) {
            super(reason, null, false, false);
        }
    }

    boolean has(String key) {
        return config.has(key) && !config.get(key).isNull();
    }

    JsonNode node(String key) {
        return config.get(key);
    }

    String text(String key, String fallback) {
        return has(key) ? config.get(key).asString() : fallback;
    }

    boolean bool(String key, boolean fallback) {
        return has(key) ? config.get(key).asBoolean() : fallback;
    }

    Double number(String key) {
        return has(key) ? config.get(key).asDouble() : null;
    }

    Integer integer(String key) {
        if (!has(key)) {
            return null;
        }
        JsonNode value = unwrap(config.get(key));
        if (value.isArray()) {
            if (value.size() != 1) {
                throw new Unsupported(key + " " + value + " where one number is expected");
            }
            value = value.get(0);
        }
        if (!value.isIntegralNumber()) {
            throw new Unsupported(key + " " + value + " is not an integer");
        }
        return value.asInt();
    }

    /** A list of integers: a tuple, or one integer repeated {@code rank} times. */
    List<Integer> integers(String key, int rank) {
        if (!has(key)) {
            return null;
        }
        JsonNode value = unwrap(config.get(key));
        List<Integer> values = new ArrayList<>();
        if (value.isIntegralNumber()) {
            for (int i = 0; i < rank; i++) {
                values.add(value.asInt());
            }
            return values;
        }
        if (!value.isArray()) {
            throw new Unsupported(key + " " + value + " is not a list of integers");
        }
        for (JsonNode item : value) {
            if (item.isNull()) {
                values.add(null);
            } else if (!item.isIntegralNumber()) {
                throw new Unsupported(key + " " + value + " is not a list of integers");
            } else {
                values.add(item.asInt());
            }
        }
        return values;
    }

    /** Keras 2 under TensorFlow writes tuples as objects. */
    static JsonNode unwrap(JsonNode value) {
        if (value != null && value.isObject() && "__tuple__".equals(value.path("class_name").asString(""))) {
            return value.get("items");
        }
        return value;
    }

    /** Refuses an option whose value Kiln cannot honour. */
    void require(boolean holds, String reason) {
        if (!holds) {
            throw new Unsupported(reason);
        }
    }

    /** Options Kiln has no counterpart for must be absent (null), or the layer is refused. */
    void absent(String... keys) {
        for (String key : keys) {
            if (has(key)) {
                throw new Unsupported(key + " is set; Kiln has no " + key.replace('_', ' '));
            }
        }
    }
}
