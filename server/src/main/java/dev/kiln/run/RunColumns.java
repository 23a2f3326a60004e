package dev.kiln.run;

import dev.kiln.persistence.JsonColumn;
import jakarta.persistence.Converter;
import java.util.List;
import java.util.Map;
import tools.jackson.core.type.TypeReference;

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
    static class Tags extends JsonColumn<Map<String, String>> {
        Tags() {
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
    static class Model extends JsonColumn<dev.kiln.model.ModelSpec> {
        Model() {
            super(new TypeReference<>() {});
        }
    }

    @Converter
    static class Spec extends JsonColumn<dev.kiln.run.spec.TrainingSpec> {
        Spec() {
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
    static class Pipeline extends JsonColumn<dev.kiln.feature.FeaturePipeline> {
        Pipeline() {
            super(new TypeReference<>() {});
        }
    }

    @Converter
    static class Provenance extends JsonColumn<RunProvenance> {
        Provenance() {
            super(new TypeReference<>() {});
        }
    }

    static class CompressionDocument extends JsonColumn<Compression> {
        CompressionDocument() {
            super(new TypeReference<>() {});
        }
    }
}
