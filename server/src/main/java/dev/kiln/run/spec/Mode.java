package dev.kiln.run.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.kiln.metrics.MetricSpec;
import java.util.Locale;

/** Whether a watched metric improves downwards ({@code min}), upwards ({@code max}) or as its name says ({@code auto}). */
@io.swagger.v3.oas.annotations.media.Schema(name = "Mode", enumAsRef = true, description = "whether a watched metric should fall, rise, or as its name says")
public enum Mode {
    MIN, MAX, AUTO;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Mode of(String value) {
        for (Mode m : values()) {
            if (m.json().equals(value)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown mode '" + value + "'; expected min, max or auto");
    }

    /** Whether larger values of {@code monitor} are better: {@code auto} asks the metric (accuracy rises, loss falls). */
    public boolean maximises(String monitor) {
        return this == MAX || this == AUTO && MetricSpec.rises(monitor);
    }
}
