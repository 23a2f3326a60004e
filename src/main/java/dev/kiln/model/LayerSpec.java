package dev.kiln.model;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
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
     */
    record Dense(@NotNull @Positive @Max(65_536) Integer units, Activation activation, Boolean useBias,
                 Initializer kernelInitializer, Initializer biasInitializer) implements LayerSpec {
        public Dense {
            activation = activation == null ? Activation.LINEAR : activation;
            useBias = useBias == null ? Boolean.TRUE : useBias;
            kernelInitializer = kernelInitializer == null ? Initializer.GLOROT_UNIFORM : kernelInitializer;
            biasInitializer = biasInitializer == null ? Initializer.ZEROS : biasInitializer;
        }

        public Dense(Integer units, Activation activation, Boolean useBias) {
            this(units, activation, useBias, null, null);
        }
    }

    /** Zeroes a fraction {@code rate} of its inputs while training and scales the rest by 1 / (1 - rate). */
    record Dropout(@NotNull @DecimalMin("0.0") @DecimalMax(value = "1.0", inclusive = false) Double rate)
            implements LayerSpec {}

    /**
     * Batch normalization over the feature axis (Keras semantics).
     *
     * @param momentum weight of the running statistics when they are updated (default 0.99)
     * @param epsilon added to the variance (default 0.001)
     */
    record BatchNorm(@DecimalMin("0.0") @DecimalMax("1.0") Double momentum,
                     @DecimalMin(value = "0.0", inclusive = false) Double epsilon) implements LayerSpec {
        public BatchNorm {
            momentum = momentum == null ? 0.99 : momentum;
            epsilon = epsilon == null ? 0.001 : epsilon;
        }
    }

    /** Applies {@code function} element-wise. */
    record ActivationLayer(@NotNull Activation function) implements LayerSpec {}

    /** Flattens every axis but the batch axis (a no-op on tabular input). */
    record Flatten() implements LayerSpec {}
}
