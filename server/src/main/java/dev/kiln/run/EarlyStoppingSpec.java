package dev.kiln.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Keras's EarlyStopping ({@code hyperparameters.earlyStopping}): stop when {@code monitor} has not improved by
 * more than {@code minDelta} for {@code patience} epochs, counting from epoch {@code startFromEpoch + 1};
 * improvements that do not beat {@code baseline} do not reset the patience; with {@code restoreBestWeights} the
 * run's final model (and its test metrics) are those of the best epoch.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EarlyStoppingSpec(
        @Schema(description = "any recorded metric (default val_loss)") String monitor,
        @Schema(description = "min, max or auto (default auto: max for accuracy, precision, recall, f1, auc, "
                + "topKAccuracy, r2; min otherwise)", allowableValues = {"min", "max", "auto"}) String mode,
        @Schema(description = "epochs without improvement before stopping (default 0)") Integer patience,
        @Schema(description = "smallest change that counts as an improvement (default 0)") Double minDelta,
        @Schema(description = "a value the monitor must beat before patience resets (default none)") Double baseline,
        @Schema(description = "end with the best epoch's weights (default false)") Boolean restoreBestWeights,
        @Schema(description = "epochs to train before watching (default 0)") Integer startFromEpoch) {}
