package dev.kiln.study;

import dev.kiln.study.prune.Pruner;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** A study as sent: everything but its name, base run, objective and space may be left out. */
public record StudyRequest(String name, JsonNode run, Objective objective, JsonNode space,
                           @Nullable Algorithm algorithm, @Nullable Pruner pruner, @Nullable Integer maxTrials,
                           @Nullable Integer parallelism, @Nullable Long seed, @Nullable Integer startupTrials) {

    /** Trials of a random or TPE study when the request names no number. */
    public static final int DEFAULT_TRIALS = 20;

    /** TPE's random trials before it models: a quarter of the budget, from 3 to 10 (Optuna's default is 10). */
    public static int defaultStartupTrials(int maxTrials) {
        return Math.max(3, Math.min(10, maxTrials / 4));
    }
}
