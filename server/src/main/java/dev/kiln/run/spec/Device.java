package dev.kiln.run.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a run trains: {@code auto} takes the first GPU when the engine reports one, else the CPU. */
@io.swagger.v3.oas.annotations.media.Schema(name = "Device", enumAsRef = true, description = "where a run trains")
public enum Device {
    AUTO, CPU, GPU;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Device of(String value) {
        for (Device d : values()) {
            if (d.json().equals(value)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown device '" + value + "'; expected auto, cpu or gpu");
    }
}
