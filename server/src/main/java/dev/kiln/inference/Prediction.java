package dev.kiln.inference;

import org.jspecify.annotations.Nullable;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * One row's prediction in the original label space and units: a classifier's most probable label with every
 * label's probability, or a regression's value.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Prediction(@Nullable String label, @Nullable Map<String, Double> probabilities,
                         @Nullable Double value) {}
