package dev.kiln.dataset;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * A text column's tokens as Kiln's default vectorization sees them (lower case, punctuation removed, split on
 * whitespace).
 *
 * @param vocabulary distinct tokens (counted exactly up to {@link #VOCABULARY_CAP})
 * @param topTokens the most frequent tokens with their counts
 */
@Schema(description = "A text column's token statistics (lower case, punctuation removed, split on whitespace)")
public record TextProfile(double meanTokens, long maxTokens, double meanCharacters, long vocabulary,
                          boolean vocabularyCapped, List<ValueCount> topTokens) {
    /** Distinct tokens counted exactly; beyond, the profile says {@code vocabularyCapped}. */
    public static final int VOCABULARY_CAP = 200_000;
}
