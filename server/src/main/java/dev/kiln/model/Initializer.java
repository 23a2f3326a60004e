package dev.kiln.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * How a layer's kernel or bias starts, named and defined as in Keras: fan-in and fan-out count the inputs and
 * outputs of a unit (times the kernel area for convolutions); the normal variants are truncated at two standard
 * deviations, scaled so that the truncated distribution keeps Keras's variance.
 */
@io.swagger.v3.oas.annotations.media.Schema(name = "Initializer", enumAsRef = true, description = "how weights start, named as in Keras")
public enum Initializer {
    /** Uniform in ±√(6 / (fan_in + fan_out)); Keras's default for kernels. */
    GLOROT_UNIFORM("glorotUniform"),
    /** Truncated normal, variance 2 / (fan_in + fan_out). */
    GLOROT_NORMAL("glorotNormal"),
    /** Uniform in ±√(6 / fan_in). */
    HE_UNIFORM("heUniform"),
    /** Truncated normal, variance 2 / fan_in. */
    HE_NORMAL("heNormal"),
    /** Truncated normal, variance 1 / fan_in. */
    LECUN_NORMAL("lecunNormal"),
    /** All zeros; Keras's default for biases. */
    ZEROS("zeros"),
    /** Uniform in ±0.05; Keras's default for embeddings. */
    RANDOM_UNIFORM("randomUniform"),
    /** All ones. */
    ONES("ones"),
    /** A random orthogonal matrix (rows or columns orthonormal); Keras's default for recurrent kernels. */
    ORTHOGONAL("orthogonal");

    private final String json;

    Initializer(String json) {
        this.json = json;
    }

    @JsonValue
    public String json() {
        return json;
    }

    @JsonCreator
    public static Initializer of(String name) {
        return Arrays.stream(values()).filter(i -> i.json.equalsIgnoreCase(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown initializer '" + name + "'; expected one of "
                        + Arrays.stream(values()).map(Initializer::json).collect(Collectors.joining(", "))));
    }
}
