package dev.kiln.model;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/** One layer of a model definition; {@code type} names the kind. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = LayerSpec.Dense.class, name = "dense"),
        @JsonSubTypes.Type(value = LayerSpec.Dropout.class, name = "dropout"),
        @JsonSubTypes.Type(value = LayerSpec.BatchNorm.class, name = "batchNorm"),
        @JsonSubTypes.Type(value = LayerSpec.ActivationLayer.class, name = "activation"),
        @JsonSubTypes.Type(value = LayerSpec.Flatten.class, name = "flatten")})
public sealed interface LayerSpec {

    /**
     * A fully connected layer.
     *
     * @param units output width
     * @param activation applied to the output (default linear)
     * @param useBias whether the layer adds a bias (default true)
     * @param kernelInitializer how the weights start (default glorotUniform, as in Keras)
     * @param biasInitializer how the bias starts (default zeros)
     * @param l1 adds {@code l1 · Σ|w|} over the kernel to the loss (Keras's L1 regularizer; default 0)
     * @param l2 adds {@code l2 · Σw²} over the kernel to the loss (Keras's L2 regularizer; default 0)
     */
    @Schema(description = "A fully connected layer")
    record Dense(@Schema(description = "output width") @NotNull @Positive @Max(65_536) Integer units,
                 @Schema(description = "applied to the output", defaultValue = "linear") Activation activation,
                 @Schema(description = "adds a bias", defaultValue = "true") Boolean useBias,
                 @Schema(description = "how the weights start", defaultValue = "glorotUniform")
                 Initializer kernelInitializer,
                 @Schema(description = "how the bias starts", defaultValue = "zeros") Initializer biasInitializer,
                 @Schema(description = "L1 penalty l1·Σ|w| on the kernel", defaultValue = "0")
                 @DecimalMin("0.0") @DecimalMax("10.0") Double l1,
                 @Schema(description = "L2 penalty l2·Σw² on the kernel", defaultValue = "0")
                 @DecimalMin("0.0") @DecimalMax("10.0") Double l2) implements LayerSpec, Regularized {
        public Dense {
            activation = activation == null ? Activation.LINEAR : activation;
            useBias = useBias == null ? Boolean.TRUE : useBias;
            kernelInitializer = kernelInitializer == null ? Initializer.GLOROT_UNIFORM : kernelInitializer;
            biasInitializer = biasInitializer == null ? Initializer.ZEROS : biasInitializer;
            l1 = l1 == null ? 0.0 : l1;
            l2 = l2 == null ? 0.0 : l2;
        }

        public Dense(Integer units, Activation activation, Boolean useBias) {
            this(units, activation, useBias, null, null, null, null);
        }
    }

    /** A layer whose kernel may carry L1/L2 penalties. */
    interface Regularized {
        Double l1();

        Double l2();

        @com.fasterxml.jackson.annotation.JsonIgnore
        default boolean isRegularized() {
            return l1() > 0 || l2() > 0;
        }
    }

    /** Zeroes a fraction {@code rate} of its inputs while training and scales the rest by 1 / (1 - rate). */
    @Schema(description = "Zeroes a fraction of its inputs while training, scaling the rest; identity at inference")
    record Dropout(@Schema(description = "fraction of inputs dropped") @NotNull @DecimalMin("0.0")
                   @DecimalMax(value = "1.0", inclusive = false) Double rate) implements LayerSpec {}

    /**
     * Batch normalization over the feature axis (Keras semantics).
     *
     * @param momentum weight of the running statistics when they are updated (default 0.99)
     * @param epsilon added to the variance (default 0.001)
     */
    @Schema(description = "Batch normalization over the feature (channel) axis, Keras semantics")
    record BatchNorm(@Schema(description = "weight of the running statistics", defaultValue = "0.99")
                     @DecimalMin("0.0") @DecimalMax("1.0") Double momentum,
                     @Schema(description = "added to the variance", defaultValue = "0.001")
                     @DecimalMin(value = "0.0", inclusive = false) Double epsilon) implements LayerSpec {
        public BatchNorm {
            momentum = momentum == null ? 0.99 : momentum;
            epsilon = epsilon == null ? 0.001 : epsilon;
        }
    }

    /** Applies {@code function} element-wise. */
    @Schema(description = "Applies an activation function element-wise")
    record ActivationLayer(@Schema(description = "the function") @NotNull Activation function) implements LayerSpec {}

    /** Flattens every axis but the batch axis (a no-op on tabular input). */
    @Schema(description = "Flattens every axis but the batch axis")
    record Flatten() implements LayerSpec {}
}
