package dev.kiln.study.web;

import dev.kiln.study.Trial;
import dev.kiln.study.TrialState;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A trial as the study shows it. */
@Schema(description = "A trial of a study: a run with sampled parameters")
record TrialResponse(int number,
                     @Schema(description = "its run; absent when the sampled run was refused") @Nullable UUID runId,
                     @Schema(description = "the model definition made for it, when the space changes the model")
                     @Nullable UUID modelId,
                     TrialState state,
                     @Schema(description = "the value set at each parameter's path") Map<String, Object> parameters,
                     @Schema(description = "its best epoch's value of the objective metric") @Nullable Double objective,
                     @Schema(description = "the epoch of that value") @Nullable Integer bestEpoch,
                     @Schema(description = "epochs recorded") int epochs,
                     @Schema(description = "its ASHA bracket") int bracket,
                     @Schema(description = "when pruned: the rung (for the median rule, the epoch)") @Nullable
                     Integer prunedRung,
                     @Schema(description = "why it was pruned, failed or refused") @Nullable String reason,
                     Instant createdAt, @Nullable Instant finishedAt) {

    static TrialResponse from(Trial t) {
        return new TrialResponse(t.number(), t.runId(), t.modelId(), t.state(), new java.util.LinkedHashMap<>(t.parameters()), t.objective(),
                t.bestEpoch(), t.epochs(), t.bracket(), t.prunedRung(), t.reason(), t.createdAt(), t.finishedAt());
    }
}
