package dev.kiln.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * How the learning rate changes from epoch to epoch ({@code hyperparameters.learningRateSchedule}); the
 * optimizer's {@code learningRate} is the starting (or peak) rate. Epochs count from 1.
 * <ul>
 *   <li>{@code step}: {@code lr · factor^⌊(epoch − 1) / every⌋};</li>
 *   <li>{@code exponential}: {@code lr · factor^((epoch − 1) / every)} (Keras's ExponentialDecay per epoch; with
 *       {@code staircase} the exponent is floored);</li>
 *   <li>{@code cosine}: linear warm-up to {@code lr} over {@code warmupEpochs}, then Keras's CosineDecay over
 *       {@code decayEpochs} (default: the remaining epochs) down to {@code alpha · lr};</li>
 *   <li>{@code reduceOnPlateau}: Keras's ReduceLROnPlateau on {@code monitor}: after {@code patience} epochs without
 *       an improvement of more than {@code minDelta}, multiply by {@code factor} (not below {@code minLr}), then
 *       wait {@code cooldown} epochs.</li>
 * </ul>
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LearningRateSchedule(
        @Schema(description = "step, exponential, cosine or reduceOnPlateau",
                allowableValues = {"step", "exponential", "cosine", "reduceOnPlateau"}) String type,
        @Schema(description = "step/exponential: multiplier per period (default 0.1 for step and reduceOnPlateau, "
                + "0.96 for exponential); must be in (0, 1)") Double factor,
        @Schema(description = "step/exponential: epochs per period (default 10 for step, 1 for exponential)")
        Integer every,
        @Schema(description = "exponential: floor the exponent (default false)") Boolean staircase,
        @Schema(description = "cosine: linear warm-up epochs (default 0)") Integer warmupEpochs,
        @Schema(description = "cosine: epochs of decay after the warm-up (default: the rest)") Integer decayEpochs,
        @Schema(description = "cosine: final rate as a fraction of the peak (default 0)") Double alpha,
        @Schema(description = "reduceOnPlateau: the metric watched (default val_loss)") String monitor,
        @Schema(description = "reduceOnPlateau: min, max or auto (default: max when the name contains acc)")
        String mode,
        @Schema(description = "reduceOnPlateau: epochs without improvement before reducing (default 10)")
        Integer patience,
        @Schema(description = "reduceOnPlateau: smallest change that counts as improvement (default 1e-4)")
        Double minDelta,
        @Schema(description = "reduceOnPlateau: epochs to wait after a reduction (default 0)") Integer cooldown,
        @Schema(description = "reduceOnPlateau: lower bound of the rate (default 0)") Double minLr) {}
