package dev.kiln.interaction;

import org.jspecify.annotations.Nullable;

/**
 * What a ranking run trains and is measured on besides its positives: the sampler that makes each epoch's rows, the
 * catalog's size, and the held-out users of validation and test.
 */
public record RankingData(NegativeSampler sampler, int items, @Nullable HeldOut validation, @Nullable HeldOut test) {}
