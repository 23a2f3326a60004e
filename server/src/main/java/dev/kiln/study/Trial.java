package dev.kiln.study;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A trial of a study: its number, its run (none when the sampled run was refused), the sampler's decisions and the
 * values they set by path, its state, its objective (best epoch's value) and the epochs it recorded; when pruned, the
 * rung and why.
 */
public record Trial(UUID studyId, int number, @Nullable UUID runId, @Nullable UUID modelId,
                    Map<String, Double> decisions, Map<String, JsonNode> parameters, TrialState state,
                    @Nullable Double objective, @Nullable Integer bestEpoch, int epochs, int bracket,
                    @Nullable Integer prunedRung, @Nullable String reason, Instant createdAt,
                    @Nullable Instant finishedAt) {

    public Trial with(TrialState state, @Nullable Double objective, @Nullable Integer bestEpoch, int epochs,
                      @Nullable Instant finishedAt) {
        return new Trial(studyId, number, runId, modelId, decisions, parameters, state, objective, bestEpoch, epochs,
                bracket, prunedRung, reason, createdAt, finishedAt);
    }

    /** The trial with {@code why} it ended as it did. */
    public Trial withReason(String why) {
        return new Trial(studyId, number, runId, modelId, decisions, parameters, state, objective, bestEpoch, epochs,
                bracket, prunedRung, why, createdAt, finishedAt);
    }

    /** The trial marked pruned at {@code rung}, and why (its state follows once its run has stopped). */
    public Trial pruned(int rung, String why) {
        return new Trial(studyId, number, runId, modelId, decisions, parameters, state, objective, bestEpoch, epochs,
                bracket, rung, why, createdAt, finishedAt);
    }
}
