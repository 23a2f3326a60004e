package dev.kiln.run.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * {@code hyperparameters.classWeights}: {@code "balanced"} (each class weighted n_samples / (n_classes · count),
 * counted on the training split, as scikit-learn and Keras users compute it) or a map from class label to weight
 * (labels not named weigh 1). The training loss weighs each row by its class; validation and test losses do not.
 */
public record ClassWeights(boolean balanced, Map<String, Double> weights) {

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static ClassWeights of(JsonNode node) {
        if (node.isString()) {
            if (!node.asString().equals("balanced")) {
                throw new IllegalArgumentException("classWeights must be \"balanced\" or a map from class label to weight");
            }
            return new ClassWeights(true, Map.of());
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("classWeights must be \"balanced\" or a map from class label to weight");
        }
        Map<String, Double> weights = new LinkedHashMap<>();
        for (var entry : node.properties()) {
            if (!entry.getValue().isNumber()) {
                throw new IllegalArgumentException("the weight of class '" + entry.getKey() + "' must be a number");
            }
            weights.put(entry.getKey(), entry.getValue().asDouble());
        }
        return new ClassWeights(false, Map.copyOf(weights));
    }

    @JsonValue
    public Object json() {
        return balanced ? "balanced" : weights;
    }

    /** Per class index (in {@code labels} order) the weight, given the training split's class counts. */
    public double[] resolve(java.util.List<String> labels, long[] counts) {
        double[] resolved = new double[labels.size()];
        long total = java.util.Arrays.stream(counts).sum();
        for (int c = 0; c < resolved.length; c++) {
            resolved[c] = balanced ? (counts[c] == 0 ? 1.0 : total / ((double) labels.size() * counts[c]))
                    : weights.getOrDefault(labels.get(c), 1.0);
        }
        return resolved;
    }
}
