package dev.kiln.run;

import dev.kiln.persistence.JsonColumn;
import jakarta.persistence.Converter;
import java.util.List;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;

/** The JSON documents a run keeps in its row. */
final class RunColumns {
    private RunColumns() {}

    @Converter
    static class Metrics extends JsonColumn<Map<String, Double>> {
        Metrics() {
            super(new TypeReference<>() {});
        }
    }

    @Converter
    static class Names extends JsonColumn<List<String>> {
        Names() {
            super(new TypeReference<>() {});
        }
    }

    @Converter
    static class HyperparameterSet extends JsonColumn<Hyperparameters> {
        HyperparameterSet() {
            super(new TypeReference<>() {});
        }
    }

    @Converter
    static class Preprocessing extends JsonColumn<dev.kiln.feature.PreprocessingOptions> {
        Preprocessing() {
            super(new TypeReference<>() {});
        }
    }

    @Converter
    static class AugmentationDocument extends JsonColumn<Augmentation> {
        AugmentationDocument() {
            super(new TypeReference<>() {});
        }
    }

    @Converter
    static class EvaluationDocument extends JsonColumn<dev.kiln.metrics.Evaluation> {
        EvaluationDocument() {
            super(new TypeReference<>() {});
        }
    }

    @Converter
    static class Document extends JsonColumn<JsonNode> {
        Document() {
            super(new TypeReference<>() {});
        }
    }
}
