package dev.kiln.run;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import java.util.UUID;

/**
 * A warm start: the run begins with the weights of a previous run (the same model, task, features and classes).
 *
 * @param checkpoint {@code last} (the parent's final model, default) or {@code best} (its best epoch)
 */
public record InitFrom(@NotNull UUID runId,
                       @Schema(description = "which weights", defaultValue = "last", allowableValues = {"last", "best"})
                       String checkpoint) {

    public String kind() {
        return checkpoint == null ? "last" : checkpoint;
    }
}
