package dev.kiln.run.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

/**
 * Magnitude pruning during training, as TensorFlow Model Optimization's {@code prune_low_magnitude}: at the end of
 * epochs {@code beginEpoch}, {@code beginEpoch + frequency}, … up to {@code endEpoch}, each dense and convolution
 * kernel's smallest weights (by magnitude) are set to zero until the kernel's sparsity reaches the schedule's value
 * for that epoch, and they stay zero — the masks are applied after every optimizer step from then on.
 * {@code polynomial} is TF-MOT's {@code PolynomialDecay} (power 3): {@code s = s_f + (s_i − s_f)·(1 − (e − b)/(end −
 * b))³}; {@code constant} prunes to {@code targetSparsity} at every pruning epoch.
 *
 * @param targetSparsity the share of each kernel's weights that are zero at {@code endEpoch}
 * @param initialSparsity the sparsity of the first pruning epoch (polynomial; default 0)
 * @param beginEpoch the first epoch after which weights are pruned (default 1)
 * @param endEpoch the last (default: the run's last epoch)
 * @param frequency every how many epochs (default 1)
 */
@Schema(description = "Magnitude pruning during training (TF-MOT's prune_low_magnitude, per kernel)")
public record Pruning(@Schema(description = "the share of each kernel's weights that are zero at endEpoch")
                      @NotNull @DecimalMin("0.0") @DecimalMax(value = "1.0", inclusive = false) Double targetSparsity,
                      @Schema(description = "the polynomial schedule's starting sparsity", defaultValue = "0")
                      @DecimalMin("0.0") @DecimalMax(value = "1.0", inclusive = false) Double initialSparsity,
                      @Schema(description = "the first epoch after which weights are pruned", defaultValue = "1")
                      @Min(1) @Max(100_000) Integer beginEpoch,
                      @Schema(description = "the last such epoch; the run's last epoch when absent") @Min(1)
                      @Max(100_000) @Nullable Integer endEpoch,
                      @Schema(description = "every how many epochs", defaultValue = "1") @Min(1) @Max(100_000)
                      Integer frequency,
                      @Schema(description = "how the sparsity rises", defaultValue = "polynomial") Schedule schedule) {

    /** How the sparsity rises from {@code beginEpoch} to {@code endEpoch}. */
    public enum Schedule {
        @JsonProperty("polynomial") POLYNOMIAL,
        @JsonProperty("constant") CONSTANT
    }

    public Pruning {
        initialSparsity = initialSparsity == null ? 0.0 : initialSparsity;
        beginEpoch = beginEpoch == null ? 1 : beginEpoch;
        frequency = frequency == null ? 1 : frequency;
        schedule = schedule == null ? Schedule.POLYNOMIAL : schedule;
    }

    /** This schedule ending at {@code epoch} when it named no end. */
    public Pruning endingBy(int epoch) {
        return endEpoch != null ? this : new Pruning(targetSparsity, initialSparsity, beginEpoch, epoch, frequency,
                schedule);
    }

    /** The sparsity to prune to after {@code epoch}, or −1 when weights are not pruned after it. */
    public double sparsityAfter(int epoch) {
        int end = endEpoch == null ? beginEpoch : endEpoch;
        if (epoch < beginEpoch || epoch > end || (epoch - beginEpoch) % frequency != 0 && epoch != end) {
            return -1;
        }
        if (schedule == Schedule.CONSTANT || end == beginEpoch) {
            return targetSparsity;
        }
        double progress = (double) (epoch - beginEpoch) / (end - beginEpoch);
        return targetSparsity + (initialSparsity - targetSparsity) * Math.pow(1 - progress, 3);
    }
}
