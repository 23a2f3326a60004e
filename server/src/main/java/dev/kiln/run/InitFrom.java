package dev.kiln.run;

import com.fasterxml.jackson.annotation.JsonValue;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import java.util.Locale;
import java.util.UUID;

/**
 * A warm start: the run begins with the weights of a previous run (the same model, task, features and classes).
 *
 * @param checkpoint {@code last} (the parent's final model, default) or {@code best} (its best epoch)
 */
@Schema(description = "A warm start from another run's weights")
public record InitFrom(@Schema(description = "the SUCCEEDED run whose weights to start from") @NotNull UUID runId,
                       @Schema(description = "which of its weights: its final model (last) or its best epoch")
                       Weights checkpoint) {

    public InitFrom {
        checkpoint = checkpoint == null ? Weights.LAST : checkpoint;
    }

    /** Which weights of the parent run. */
    @Schema(name = "WarmStartWeights", enumAsRef = true, description = "which weights of the parent run")
    public enum Weights {
        LAST, BEST;

        @JsonValue
        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
