package dev.kiln.interaction;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * A recommender run's interactions, resolved: every default filled in. Stored in the run's
 * {@link dev.kiln.run.spec.TrainingSpec}.
 *
 * @param rating the rating column (the target of a rating run), or null
 * @param timestamp the time column, or null
 * @param negatives ranking: negatives per positive (BPR: one negative per positive, this many pairs)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "A recommender run's interactions, every default filled in")
public record InteractionSpec(String user, String item, @Nullable String rating, @Nullable String timestamp,
                              HoldOut split, int negatives, NegativeSampling negativeSampling, RankingLoss loss) {
    /** The defaults written once. */
    public static final int NEGATIVES = 4;
    public static final int K = 10;

    /** The submitted interactions with their defaults, for a run of this kind ({@code ranking} or not). */
    public static InteractionSpec resolve(Interactions given, boolean ranking) {
        HoldOut split = given.split() != null ? given.split() : !ranking ? HoldOut.RANDOM
                : given.timestamp() != null ? HoldOut.LEAVE_LAST_OUT : HoldOut.USER_FRACTION;
        return new InteractionSpec(given.user(), given.item(), given.rating(), given.timestamp(), split,
                given.negatives() != null ? given.negatives() : NEGATIVES,
                given.negativeSampling() != null ? given.negativeSampling() : NegativeSampling.UNIFORM,
                given.loss() != null ? given.loss() : RankingLoss.BCE);
    }
}
