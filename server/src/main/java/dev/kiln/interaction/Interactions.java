package dev.kiln.interaction;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * The {@code interactions} of a {@code rating} or {@code ranking} run as submitted: which columns hold the user, the
 * item, the rating and the time, and how the run holds out and samples. Resolved once into an
 * {@link InteractionSpec}, where every default is written.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "Which columns of an interaction dataset hold the user, the item, the rating and the time, "
        + "and how a recommender run holds out interactions and samples negatives")
public record Interactions(
        @Schema(description = "the column of user ids", example = "userId") @NotBlank @Size(max = 500) String user,
        @Schema(description = "the column of item ids", example = "movieId") @NotBlank @Size(max = 500) String item,
        @Schema(description = "the column of ratings: the target of a rating run (required there); a ranking run "
                + "ignores it") @Size(min = 1, max = 500) @Nullable String rating,
        @Schema(description = "the column of times (numbers, e.g. unix seconds): the order of leaveLastOut")
        @Size(min = 1, max = 500) @Nullable String timestamp,
        @Schema(description = "how interactions are held out for validation: random (default for rating), "
                + "leaveLastOut (each user's latest; default for ranking with a timestamp) or userFraction (a "
                + "fraction of each user's; default for ranking without one); the fraction is "
                + "hyperparameters.validationSplit") @Nullable HoldOut split,
        @Schema(description = "ranking: sampled negatives per positive (default 4)") @Min(1) @Max(100)
        @Nullable Integer negatives,
        @Schema(description = "ranking: how negatives are drawn: uniform (default) or popularity (in proportion to "
                + "their interactions)") @Nullable NegativeSampling negativeSampling,
        @Schema(description = "ranking: bce (default; positives against negatives) or bpr (each positive scored "
                + "above one negative)") @Nullable RankingLoss loss) {
}
