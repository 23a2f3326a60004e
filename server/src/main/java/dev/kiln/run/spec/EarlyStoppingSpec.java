package dev.kiln.run.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * Keras's EarlyStopping ({@code hyperparameters.earlyStopping}): stop when {@code monitor} has not improved by
 * more than {@code minDelta} for {@code patience} epochs, counting from epoch {@code startFromEpoch + 1};
 * improvements that do not beat {@code baseline} do not reset the patience; with {@code restoreBestWeights} the
 * run's final model (and its test metrics) are those of the best epoch. Defaults are written here only.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "Keras's EarlyStopping")
public record EarlyStoppingSpec(
        @Schema(description = "any recorded metric") @Size(min = 1, max = 100) String monitor,
        @Schema(description = "min, max or auto (max for accuracy, precision, recall, f1, auc, topKAccuracy, r2; "
                + "min otherwise)") Mode mode,
        @Schema(description = "epochs without improvement before stopping") @Min(0) @Max(100_000) Integer patience,
        @Schema(description = "smallest change that counts as an improvement") @DecimalMin("0.0") Double minDelta,
        @Schema(description = "a value the monitor must beat before patience resets; none when absent")
        @Nullable Double baseline,
        @Schema(description = "end with the best epoch's weights") Boolean restoreBestWeights,
        @Schema(description = "epochs to train before watching") @Min(0) @Max(100_000) Integer startFromEpoch) {

    public EarlyStoppingSpec {
        monitor = monitor == null ? "val_loss" : monitor;
        mode = mode == null ? Mode.AUTO : mode;
        patience = patience == null ? 0 : patience;
        minDelta = minDelta == null ? 0.0 : minDelta;
        restoreBestWeights = restoreBestWeights != null && restoreBestWeights;
        startFromEpoch = startFromEpoch == null ? 0 : startFromEpoch;
    }

    /** Never stops: the best epoch is still tracked on {@code monitor} (for the best checkpoint). */
    public static EarlyStoppingSpec watching(String monitor) {
        return new EarlyStoppingSpec(monitor, Mode.MIN, Integer.MAX_VALUE, 0.0, null, false, 0);
    }

    /** Whether larger values of the monitor are better. */
    public boolean maximises() {
        return mode.maximises(monitor);
    }
}
