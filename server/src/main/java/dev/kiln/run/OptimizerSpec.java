package dev.kiln.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Positive;

/**
 * The optimizer of a run. DJL's PyTorch engine implements exactly these three, so nothing else is accepted.
 *
 * @param type {@code adam} (default), {@code adamw} or {@code sgd}
 * @param learningRate step size (default 0.001 for adam and adamw, 0.01 for sgd)
 * @param momentum sgd only: momentum (default 0)
 * @param beta1 adam and adamw: decay of the first moment (default 0.9)
 * @param beta2 adam and adamw: decay of the second moment (default 0.999)
 * @param epsilon adam and adamw: added to the denominator (default 1e-7, as in Keras)
 * @param weightDecay L2 penalty applied by the optimizer (decoupled for adamw; default 0, adamw 0.01)
 * @param clipValue clip every gradient element to [−clipValue, clipValue] (default: no clipping)
 * @param clipNorm scale all gradients together so that their global L2 norm is at most clipNorm (default: none)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OptimizerSpec(
        @Schema(description = "the optimizer", defaultValue = "adam", allowableValues = {"adam", "adamw", "sgd"}) String type,
        @Schema(description = "step size; default 0.001 (adam, adamw) or 0.01 (sgd)")
        @Positive @DecimalMax("10.0") Double learningRate,
        @Schema(description = "sgd only", defaultValue = "0") @DecimalMin("0.0") @DecimalMax(value = "1.0", inclusive = false)
        Double momentum,
        @Schema(description = "adam/adamw: decay of the first moment", defaultValue = "0.9") @DecimalMin("0.0") @DecimalMax(value = "1.0", inclusive = false)
        Double beta1,
        @Schema(description = "adam/adamw: decay of the second moment", defaultValue = "0.999") @DecimalMin("0.0") @DecimalMax(value = "1.0", inclusive = false)
        Double beta2,
        @Schema(description = "adam/adamw: added to the denominator", defaultValue = "1e-7") @Positive @DecimalMax("1.0") Double epsilon,
        @Schema(description = "L2 penalty applied by the optimizer (decoupled for adamw); 0.01 for adamw", defaultValue = "0") @DecimalMin("0.0") @DecimalMax("1.0") Double weightDecay,
        @Schema(description = "clip each gradient element to ±clipValue; none when absent") @Positive Double clipValue,
        @Schema(description = "scale the gradients so that their global L2 norm is at most clipNorm; none when absent") @Positive Double clipNorm) {
}
