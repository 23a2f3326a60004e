package dev.kiln.run;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/** What a run learns: one of two classes, one of several, or a number. */
@io.swagger.v3.oas.annotations.media.Schema(name = "Task", enumAsRef = true, description = "what a run learns")
public enum Task {
    BINARY, MULTICLASS, REGRESSION;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Task of(String name) {
        return Arrays.stream(values()).filter(t -> t.json().equalsIgnoreCase(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown task '" + name + "'; expected one of binary, multiclass, regression"));
    }

    public boolean isClassification() {
        return this != REGRESSION;
    }
}
