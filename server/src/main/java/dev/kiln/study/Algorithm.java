package dev.kiln.study;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How a study picks its trials' parameters: every combination, independent draws, or TPE. */
@io.swagger.v3.oas.annotations.media.Schema(name = "StudyAlgorithm", enumAsRef = true,
        description = "grid (every combination), random, or tpe (Tree-structured Parzen Estimator)")
public enum Algorithm {
    GRID, RANDOM, TPE;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Algorithm of(String value) {
        for (Algorithm a : values()) {
            if (a.json().equals(value)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown algorithm '" + value + "'; expected grid, random or tpe");
    }
}
