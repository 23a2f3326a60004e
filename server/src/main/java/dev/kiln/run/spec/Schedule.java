package dev.kiln.run.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * How the learning rate changes from epoch to epoch ({@code hyperparameters.learningRateSchedule}); the optimizer's
 * {@code learningRate} is the starting (or peak) rate. Epochs count from 1. Each kind takes only its own fields,
 * with their defaults here and nowhere else.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Schedule.Constant.class, name = "constant"),
        @JsonSubTypes.Type(value = Schedule.Step.class, name = "step"),
        @JsonSubTypes.Type(value = Schedule.Exponential.class, name = "exponential"),
        @JsonSubTypes.Type(value = Schedule.Cosine.class, name = "cosine"),
        @JsonSubTypes.Type(value = Schedule.ReduceOnPlateau.class, name = "reduceOnPlateau")})
@Schema(description = "constant, step, exponential, cosine or reduceOnPlateau, each with its own fields")
public sealed interface Schedule {

    /** The metric the schedule watches, if it watches one. */
    @JsonIgnore
    default @Nullable String watched() {
        return null;
    }

    /** The optimizer's rate throughout. */
    @Schema(name = "ConstantSchedule", description = "The optimizer's learning rate throughout")
    record Constant() implements Schedule {}

    /** {@code lr · factor^⌊(epoch − 1) / every⌋}. */
    @Schema(name = "StepSchedule", description = "lr · factor^floor((epoch − 1) / every)")
    record Step(@Schema(description = "multiplier per period, in (0, 1)")
                @DecimalMin(value = "0.0", inclusive = false) @DecimalMax(value = "1.0", inclusive = false)
                Double factor,
                @Schema(description = "epochs per period") @Min(1) @Max(100_000) Integer every) implements Schedule {
        public Step {
            factor = factor == null ? 0.1 : factor;
            every = every == null ? 10 : every;
        }
    }

    /** Keras's ExponentialDecay per epoch: {@code lr · factor^((epoch − 1) / every)}, floored with {@code staircase}. */
    @Schema(name = "ExponentialSchedule", description = "lr · factor^((epoch − 1) / every); the exponent floored with staircase")
    record Exponential(@Schema(description = "multiplier per period, in (0, 1)")
                       @DecimalMin(value = "0.0", inclusive = false) @DecimalMax(value = "1.0", inclusive = false)
                       Double factor,
                       @Schema(description = "epochs per period") @Min(1) @Max(100_000) Integer every,
                       @Schema(description = "floor the exponent") Boolean staircase) implements Schedule {
        public Exponential {
            factor = factor == null ? 0.96 : factor;
            every = every == null ? 1 : every;
            staircase = staircase != null && staircase;
        }
    }

    /**
     * Linear warm-up to {@code lr} over {@code warmupEpochs}, then Keras's CosineDecay over {@code decayEpochs}
     * (absent: the remaining epochs) down to {@code alpha · lr}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "CosineSchedule", description = "Linear warm-up, then cosine decay down to alpha · lr")
    record Cosine(@Schema(description = "epochs of linear warm-up") @Min(0) @Max(100_000) Integer warmupEpochs,
                  @Schema(description = "epochs of decay after the warm-up; the remaining epochs when absent")
                  @Min(1) @Max(100_000) @Nullable Integer decayEpochs,
                  @Schema(description = "final rate as a fraction of the peak") @DecimalMin("0.0") @DecimalMax("1.0")
                  Double alpha) implements Schedule {
        public Cosine {
            warmupEpochs = warmupEpochs == null ? 0 : warmupEpochs;
            alpha = alpha == null ? 0.0 : alpha;
        }
    }

    /**
     * Keras's ReduceLROnPlateau on {@code monitor}: after {@code patience} epochs without an improvement of more than
     * {@code minDelta}, multiply the rate by {@code factor} (not below {@code minLr}), then wait {@code cooldown}
     * epochs.
     */
    @Schema(name = "ReduceOnPlateauSchedule", description = "Keras's ReduceLROnPlateau: reduce the rate when the monitored metric stops improving")
    record ReduceOnPlateau(@Schema(description = "the metric watched") @Size(min = 1, max = 100) String monitor,
                           @Schema(description = "whether the metric should fall (min) or rise (max); auto asks the "
                                   + "metric") Mode mode,
                           @Schema(description = "multiplier per reduction, in (0, 1)")
                           @DecimalMin(value = "0.0", inclusive = false) @DecimalMax(value = "1.0", inclusive = false)
                           Double factor,
                           @Schema(description = "epochs without improvement before reducing") @Min(0) @Max(100_000)
                           Integer patience,
                           @Schema(description = "smallest change that counts as improvement") @DecimalMin("0.0")
                           Double minDelta,
                           @Schema(description = "epochs to wait after a reduction") @Min(0) @Max(100_000)
                           Integer cooldown,
                           @Schema(description = "lower bound of the rate") @DecimalMin("0.0") Double minLr)
            implements Schedule {
        public ReduceOnPlateau {
            monitor = monitor == null ? "val_loss" : monitor;
            mode = mode == null ? Mode.AUTO : mode;
            factor = factor == null ? 0.1 : factor;
            patience = patience == null ? 10 : patience;
            minDelta = minDelta == null ? 1e-4 : minDelta;
            cooldown = cooldown == null ? 0 : cooldown;
            minLr = minLr == null ? 0.0 : minLr;
        }

        @Override
        public String watched() {
            return monitor;
        }
    }
}
