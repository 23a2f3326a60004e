package dev.kiln.run;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/**
 * What a run learns: one of two classes, one of several, or a number — or, from interactions, a user's rating of an
 * item ({@code rating}: a regression on the rating column) or which items a user interacts with ({@code ranking}:
 * every interaction a positive, trained against sampled negatives).
 */
@io.swagger.v3.oas.annotations.media.Schema(name = "Task", enumAsRef = true, description = "what a run learns")
public enum Task {
    BINARY, MULTICLASS, REGRESSION, RATING, RANKING;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Task of(String name) {
        return Arrays.stream(values()).filter(t -> t.json().equalsIgnoreCase(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown task '" + name + "'; expected one of binary, multiclass, regression, rating, ranking"));
    }

    /** Whether the target is a class label (the run has classes, and classification metrics). */
    public boolean isClassification() {
        return this == BINARY || this == MULTICLASS;
    }

    /** Whether the run learns from user–item interactions (its data and metrics are a recommender's). */
    public boolean isRecommendation() {
        return this == RATING || this == RANKING;
    }

    /** Whether the network's output is a logit whose probability a sigmoid or softmax gives (binary, ranking). */
    public boolean learnsLogits() {
        return isClassification() || this == RANKING;
    }

    /** Whether the target is a number learned standardised (regression, rating). */
    public boolean isNumeric() {
        return this == REGRESSION || this == RATING;
    }
}
