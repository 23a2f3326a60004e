package dev.kiln.access;

import com.fasterxml.jackson.annotation.JsonValue;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Locale;

/**
 * What a key may do: {@code read} (GET), {@code write} (POST, PATCH, DELETE), {@code admin} (everything, in every
 * project: projects, keys, the audit log) and {@code metrics} ({@code /actuator/prometheus}).
 */
@Schema(name = "KeyScope", enumAsRef = true, description = "read, write, admin or metrics")
public enum KeyScope {
    READ, WRITE, ADMIN, METRICS;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The Spring Security authority of this scope. */
    public String authority() {
        return "SCOPE_" + json();
    }
}
