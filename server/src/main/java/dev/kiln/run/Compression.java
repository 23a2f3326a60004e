package dev.kiln.run;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What compressing a run did: post-training quantization of its weights, and what it measured.
 *
 * @param compressedFrom the SUCCEEDED run whose model was compressed
 * @param weights the weights' type ({@code int8})
 * @param scheme {@code perChannelSymmetric} (a scale per output channel) or {@code perTensorSymmetric}
 * @param quantizedTensors how many weight tensors were quantized (kernels, embeddings, recurrent and attention
 *     weights; biases and normalization statistics stay float)
 * @param artifactBytesBefore the float parameters' bytes (the source run's model file)
 * @param artifactBytesAfter the compressed artifact's bytes: int8 weights with their scales, the rest float
 * @param artifactSha256 the compressed artifact's sha256 (verified when it is read)
 * @param calibrationRows rows of the calibration dataset both models predicted, when one was given
 * @param agreement of those rows, the share a classifier labels alike before and after (a regression: absent)
 * @param metricsBefore the source model's metrics on those rows
 * @param metricsAfter the quantized model's metrics on those rows
 */
@Schema(description = "What compressing a run did and measured")
public record Compression(UUID compressedFrom, String weights, String scheme, int quantizedTensors,
                          long artifactBytesBefore, long artifactBytesAfter, String artifactSha256,
                          @Nullable Integer calibrationRows,
                          @Nullable Double agreement, @Nullable Map<String, Double> metricsBefore,
                          @Nullable Map<String, Double> metricsAfter) {

    /** This compression with what the calibration rows measured. */
    public Compression calibrated(int rows, @Nullable Double agreement, Map<String, Double> before,
                                  Map<String, Double> after) {
        return new Compression(compressedFrom, weights, scheme, quantizedTensors, artifactBytesBefore,
                artifactBytesAfter, artifactSha256, rows, agreement, before, after);
    }

    /** The compressed artifact's size as a share of the float one's. */
    @Schema(description = "artifactBytesAfter / artifactBytesBefore")
    @com.fasterxml.jackson.annotation.JsonProperty(value = "ratio", access =
            com.fasterxml.jackson.annotation.JsonProperty.Access.READ_ONLY)
    public double ratio() {
        return artifactBytesBefore == 0 ? 1 : (double) artifactBytesAfter / artifactBytesBefore;
    }
}
