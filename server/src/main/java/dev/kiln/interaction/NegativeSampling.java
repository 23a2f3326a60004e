package dev.kiln.interaction;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/** How a ranking run draws negatives: every item alike, or in proportion to its training interactions. */
@io.swagger.v3.oas.annotations.media.Schema(enumAsRef = true, description = "how negatives are drawn")
public enum NegativeSampling {
    UNIFORM, POPULARITY;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static NegativeSampling of(String name) {
        return Arrays.stream(values()).filter(v -> v.json().equalsIgnoreCase(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("unknown negativeSampling '" + name + "'; expected uniform or "
                        + "popularity"));
    }
}
