package dev.kiln.study;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.kiln.metrics.MetricSpec;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * What a study optimises: a metric the trials record per epoch, and whether lower or higher is better (by default as
 * the metric's name says: accuracy, auc, f1, r2, ndcg… rise; losses and errors fall). A trial's objective is its best
 * epoch's value, the epoch Keras's early stopping would restore.
 */
@Schema(description = "the metric to optimise and its direction")
public record Objective(@Schema(description = "a metric every epoch row records, e.g. val_loss or val_accuracy",
                                example = "val_loss") @NotBlank @Size(max = 200) String metric,
                        @Schema(description = "minimize or maximize; from the metric's name when absent")
                        @Nullable Direction direction) {

    public Objective {
        if (direction == null && metric != null) {
            direction = MetricSpec.rises(metric) ? Direction.MAXIMIZE : Direction.MINIMIZE;
        }
    }

    public boolean maximize() {
        return direction == Direction.MAXIMIZE;
    }

    /** The value turned so that lower is better. */
    public double score(double value) {
        return maximize() ? -value : value;
    }

    @Schema(name = "Direction", enumAsRef = true, description = "minimize or maximize")
    public enum Direction {
        MINIMIZE, MAXIMIZE;

        @JsonValue
        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Direction of(String value) {
            for (Direction d : values()) {
                if (d.json().equals(value)) {
                    return d;
                }
            }
            throw new IllegalArgumentException("unknown direction '" + value + "'; expected minimize or maximize");
        }
    }
}
