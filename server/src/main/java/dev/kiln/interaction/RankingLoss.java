package dev.kiln.interaction;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/**
 * What a ranking run minimises: binary cross-entropy of positives (label 1) against sampled negatives (label 0), or
 * Bayesian personalised ranking, {@code −log σ(s(u,i) − s(u,j))} for a positive i and a sampled negative j.
 */
@io.swagger.v3.oas.annotations.media.Schema(enumAsRef = true, description = "a ranking run's loss")
public enum RankingLoss {
    BCE, BPR;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static RankingLoss of(String name) {
        return Arrays.stream(values()).filter(v -> v.json().equalsIgnoreCase(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("unknown loss '" + name + "'; expected bce or bpr"));
    }
}
