package dev.kiln.inference;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * One row's prediction in the original label space and units: a classifier's most probable label with every
 * label's probability, or a regression's value.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Prediction(String label, Map<String, Double> probabilities, Double value) {}
