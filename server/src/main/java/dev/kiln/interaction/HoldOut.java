package dev.kiln.interaction;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** How a recommender run holds out interactions for validation. */
@io.swagger.v3.oas.annotations.media.Schema(enumAsRef = true, description = "how interactions are held out")
public enum HoldOut {
    /** A random fraction of all interactions (seeded). */
    RANDOM("random"),
    /** Each user's latest interaction by the timestamp column (users with one interaction keep it). */
    LEAVE_LAST_OUT("leaveLastOut"),
    /** A random fraction of each user's interactions, at least one kept for training. */
    USER_FRACTION("userFraction");

    private final String json;

    HoldOut(String json) {
        this.json = json;
    }

    @JsonValue
    public String json() {
        return json;
    }

    @JsonCreator
    public static HoldOut of(String name) {
        return Arrays.stream(values()).filter(v -> v.json.equalsIgnoreCase(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("unknown split '" + name + "'; expected random, leaveLastOut or "
                        + "userFraction"));
    }
}
