package dev.kiln.study.web;

import dev.kiln.run.web.SubmitRun;
import dev.kiln.study.Algorithm;
import dev.kiln.study.Objective;
import dev.kiln.study.StudyRequest;
import dev.kiln.study.prune.Pruner;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** A study as sent. */
@Schema(description = "A hyperparameter study to run")
record CreateStudy(
        @Schema(description = "a name for people", example = "iris lr and width") @NotNull @Size(min = 1, max = 200)
        String name,
        @Schema(description = "the base run, exactly a body of POST /runs; each trial sets its parameters into a copy",
                implementation = SubmitRun.class) @NotNull JsonNode run,
        @Schema(description = "the metric to optimise") @NotNull @Valid Objective objective,
        @Schema(description = "the parameters by path into the run (hyperparameters.optimizer.learningRate) or its model "
                + "(model.layers[0].units), each {\"uniform\": [low, high]}, {\"logUniform\": [low, high]}, "
                + "{\"intUniform\": [low, high]} (uniform and intUniform with an optional \"step\") or {\"choice\": "
                + "[options]}; an object option may hold parameters of its own (conditional parameters)",
                type = "object", example = "{\"hyperparameters.optimizer.learningRate\": {\"logUniform\": [0.0001, "
                + "0.1]}, \"hyperparameters.batchSize\": {\"choice\": [16, 32, 64]}}") @NotNull
        java.util.Map<String, Object> space,
        @Schema(description = "grid, random or tpe; tpe when absent") @Nullable Algorithm algorithm,
        @Schema(description = "when trials stop early; none when absent") @Valid @Nullable Pruner pruner,
        @Schema(description = "how many trials at most; 20 when absent (a grid: its size)") @Min(1) @Max(1000)
        @Nullable Integer maxTrials,
        @Schema(description = "trials queued or training at once; 1 when absent") @Min(1) @Max(64)
        @Nullable Integer parallelism,
        @Schema(description = "the sampler's seed; random (and shown) when absent") @Min(0) @Nullable Long seed,
        @Schema(description = "tpe: random trials before it models; a quarter of maxTrials, 3 to 10, when absent")
        @Min(1) @Max(1000) @Nullable Integer startupTrials) {

    StudyRequest toRequest() {
        return new StudyRequest(name, run, objective, dev.kiln.persistence.JsonColumn.mapper().valueToTree(space), algorithm, pruner, maxTrials, parallelism, seed,
                startupTrials);
    }
}
