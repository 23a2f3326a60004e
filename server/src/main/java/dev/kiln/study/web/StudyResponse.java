package dev.kiln.study.web;

import dev.kiln.study.Algorithm;
import dev.kiln.study.Objective;
import dev.kiln.study.Studies;
import dev.kiln.study.Study;
import dev.kiln.study.StudyStatus;
import dev.kiln.study.Trial;
import dev.kiln.study.TrialState;
import dev.kiln.study.internal.Importance;
import dev.kiln.study.prune.Pruner;
import dev.kiln.study.space.Space;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** A study as {@code GET /studies/{id}} shows it. */
@Schema(description = "A hyperparameter study")
record StudyResponse(UUID id, String name, StudyStatus status,
                     @Schema(description = "why it ended as it did") @Nullable String reason,
                     boolean cancelRequested, Objective objective, Algorithm algorithm, Pruner pruner,
                     int maxTrials, int parallelism, long seed,
                     @Schema(description = "tpe: random trials before it models") int startupTrials,
                     @Schema(description = "the space as sent") Map<String, Object> space,
                     @Schema(description = "the base run as sent (a body of POST /runs)") Map<String, Object> run,
                     @Schema(description = "trials by state") Map<TrialState, Integer> counts,
                     @Schema(description = "epochs recorded by all trials together") int epochsTrained,
                     @Schema(description = "the succeeded trial with the best objective") @Nullable TrialResponse bestTrial,
                     @Schema(description = "per parameter (decision key), a rank-based estimate of how much it mattered, "
                             + "summing to 1: |Spearman ρ| with the objective for numbers, the correlation ratio η "
                             + "for choices, over the succeeded trials (none before 3)") Map<String, Double> importance,
                     @Schema(description = "every trial, in order") List<TrialResponse> trials,
                     Instant createdAt, @Nullable Instant finishedAt) {

    private static Map<String, Object> object(JsonNode node) {
        return dev.kiln.persistence.JsonColumn.mapper().convertValue(node, new tools.jackson.core.type.TypeReference<>() {});
    }

    static StudyResponse from(Study s, List<Trial> trials) {
        Map<TrialState, Integer> counts = new EnumMap<>(TrialState.class);
        trials.forEach(t -> counts.merge(t.state(), 1, Integer::sum));
        var d = s.definition();
        return new StudyResponse(s.id(), d.name(), s.status(), s.reason(), s.cancelRequested(), d.objective(),
                d.algorithm(), d.pruner(), d.maxTrials(), d.parallelism(), d.seed(), d.startupTrials(), object(d.space()),
                object(d.run()), counts, trials.stream().mapToInt(Trial::epochs).sum(),
                Studies.best(trials, d.objective()).map(TrialResponse::from).orElse(null),
                Importance.of(Space.parse(d.space()), trials, d.objective()),
                trials.stream().map(TrialResponse::from).toList(), s.createdAt(), s.finishedAt());
    }
}
