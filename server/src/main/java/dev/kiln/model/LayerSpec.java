package dev.kiln.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One layer of a model definition; {@code type} names the kind. Every layer may have a {@code name} and name the
 * layers it reads in {@code inputs}; without {@code inputs} it reads the layer before it, so a plain list of layers
 * is a stack, as it always was. Merge layers ({@link Merge}) join several inputs; {@code input} layers name the
 * model's inputs and the dataset columns they read.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = LayerSpec.Input.class, name = "input"),
        @JsonSubTypes.Type(value = LayerSpec.Dense.class, name = "dense"),
        @JsonSubTypes.Type(value = LayerSpec.Dropout.class, name = "dropout"),
        @JsonSubTypes.Type(value = LayerSpec.BatchNorm.class, name = "batchNorm"),
        @JsonSubTypes.Type(value = LayerSpec.LayerNorm.class, name = "layerNorm"),
        @JsonSubTypes.Type(value = LayerSpec.ActivationLayer.class, name = "activation"),
        @JsonSubTypes.Type(value = LayerSpec.Flatten.class, name = "flatten"),
        @JsonSubTypes.Type(value = LayerSpec.Embedding.class, name = "embedding"),
        @JsonSubTypes.Type(value = Convolutions.Conv2d.class, name = "conv2d"),
        @JsonSubTypes.Type(value = Pooling.MaxPool2d.class, name = "maxPool2d"),
        @JsonSubTypes.Type(value = Pooling.AvgPool2d.class, name = "avgPool2d"),
        @JsonSubTypes.Type(value = Pooling.GlobalAvgPool2d.class, name = "globalAvgPool2d"),
        @JsonSubTypes.Type(value = Convolutions.Conv1d.class, name = "conv1d"),
        @JsonSubTypes.Type(value = Pooling.MaxPool1d.class, name = "maxPool1d"),
        @JsonSubTypes.Type(value = Pooling.GlobalMaxPool2d.class, name = "globalMaxPool2d"),
        @JsonSubTypes.Type(value = Pooling.GlobalMaxPool1d.class, name = "globalMaxPool1d"),
        @JsonSubTypes.Type(value = Pooling.GlobalAvgPool1d.class, name = "globalAvgPool1d"),
        @JsonSubTypes.Type(value = Reshaping.Reshape.class, name = "reshape"),
        @JsonSubTypes.Type(value = Reshaping.Permute.class, name = "permute"),
        @JsonSubTypes.Type(value = Reshaping.Identity.class, name = "identity"),
        @JsonSubTypes.Type(value = Merge.Add.class, name = "add"),
        @JsonSubTypes.Type(value = Merge.Subtract.class, name = "subtract"),
        @JsonSubTypes.Type(value = Merge.Multiply.class, name = "multiply"),
        @JsonSubTypes.Type(value = Merge.Average.class, name = "average"),
        @JsonSubTypes.Type(value = Merge.Maximum.class, name = "maximum"),
        @JsonSubTypes.Type(value = Merge.Concatenate.class, name = "concatenate"),
        @JsonSubTypes.Type(value = Merge.Dot.class, name = "dot"),
        @JsonSubTypes.Type(value = Sequences.Lstm.class, name = "lstm"),
        @JsonSubTypes.Type(value = Sequences.Gru.class, name = "gru"),
        @JsonSubTypes.Type(value = Sequences.Bidirectional.class, name = "bidirectional"),
        @JsonSubTypes.Type(value = Sequences.MultiHeadAttention.class, name = "multiHeadAttention"),
        @JsonSubTypes.Type(value = Sequences.PositionalEmbedding.class, name = "positionalEmbedding"),
        @JsonSubTypes.Type(value = Sequences.TransformerEncoder.class, name = "transformerEncoder"),
        @JsonSubTypes.Type(value = MatrixFactorization.class, name = "matrixFactorization")})
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface LayerSpec permits LayerSpec.Input, LayerSpec.Dense, LayerSpec.Dropout, LayerSpec.BatchNorm,
        LayerSpec.LayerNorm, LayerSpec.ActivationLayer, LayerSpec.Flatten, LayerSpec.Embedding, Convolutions, Pooling,
        Reshaping, Merge, Sequences, MatrixFactorization {
    String NAME = "a name other layers' inputs refer to; unique in the model";
    String INPUTS = "the names of the layers it reads; default: the layer before it";

    /** The layer's name, or null: other layers refer to it by this name. */
    @Nullable String name();

    /** The names of the layers it reads, or null for the layer before it. */
    @Nullable List<String> inputs();

    /** The layers it reads as named, never null. */
    @JsonIgnore
    default List<String> inputNames() {
        return inputs() == null ? List.of() : inputs();
    }

    /**
     * A model input: the dataset columns it reads (a table's), or the image (an image dataset's, no columns).
     *
     * @param columns the columns, encoded as the run's preprocessing says; absent: every feature (a model's only
     *     input), or the column of the input's name
     * @param shape the shape the input must have (channels first), when the model expects one; checked at submission
     */
    @Schema(description = "A model input: the dataset columns it reads, or the image")
    record Input(@Schema(description = NAME) @Size(max = 100) @Nullable String name,
                 @Schema(description = "an input reads the dataset, never other layers")
                 @Size(max = 0, message = "an input layer reads the dataset, not other layers")
                 @Nullable List<@NotNull String> inputs,
                 @Schema(description = "the dataset columns it reads; absent: every feature, or the column of the "
                         + "input's name") @Size(min = 1, max = 10_000) @Nullable List<@NotNull @Size(max = 500) String>
                 columns,
                 @Schema(description = "the shape it must have, channels first; checked against the data")
                 @Size(min = 1, max = 3) @Nullable List<@NotNull @Positive Integer> shape) implements LayerSpec {}

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
    record Dense(@Schema(description = NAME) @Size(max = 100) @Nullable String name,
                 @Schema(description = INPUTS) @Size(max = 64) @Nullable List<@NotNull @Size(max = 100) String> inputs,
                 @Schema(description = "output width") @NotNull @Positive @Max(65_536) Integer units,
                 @Schema(description = "applied to the output") Activation activation,
                 @Schema(description = "adds a bias") Boolean useBias,
                 @Schema(description = "how the weights start")
                 Initializer kernelInitializer,
                 @Schema(description = "how the bias starts") Initializer biasInitializer,
                 @Schema(description = "L1 penalty l1·Σ|w| on the kernel")
                 @DecimalMin("0.0") @DecimalMax("10.0") Double l1,
                 @Schema(description = "L2 penalty l2·Σw² on the kernel")
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
            this(null, null, units, activation, useBias, null, null, null, null);
        }
    }

    /** A layer whose kernel may carry L1/L2 penalties. */
    interface Regularized {
        Double l1();

        Double l2();

        @JsonIgnore
        default boolean isRegularized() {
            return l1() > 0 || l2() > 0;
        }
    }

    /** Zeroes a fraction {@code rate} of its inputs while training and scales the rest by 1 / (1 - rate). */
    @Schema(description = "Zeroes a fraction of its inputs while training, scaling the rest; identity at inference")
    record Dropout(@Schema(description = NAME) @Size(max = 100) @Nullable String name,
                 @Schema(description = INPUTS) @Size(max = 64) @Nullable List<@NotNull @Size(max = 100) String> inputs,
                 @Schema(description = "fraction of inputs dropped") @NotNull @DecimalMin("0.0")
                   @DecimalMax(value = "1.0", inclusive = false) Double rate) implements LayerSpec {}

    /**
     * Batch normalization over the feature axis (Keras semantics).
     *
     * @param momentum weight of the running statistics when they are updated (default 0.99)
     * @param epsilon added to the variance (default 0.001)
     */
    @Schema(description = "Batch normalization over the feature (channel) axis, Keras semantics")
    record BatchNorm(@Schema(description = NAME) @Size(max = 100) @Nullable String name,
                 @Schema(description = INPUTS) @Size(max = 64) @Nullable List<@NotNull @Size(max = 100) String> inputs,
                 @Schema(description = "weight of the running statistics")
                     @DecimalMin("0.0") @DecimalMax("1.0") Double momentum,
                     @Schema(description = "added to the variance")
                     @DecimalMin(value = "0.0", inclusive = false) Double epsilon) implements LayerSpec {
        public BatchNorm {
            momentum = momentum == null ? 0.99 : momentum;
            epsilon = epsilon == null ? 0.001 : epsilon;
        }
    }

    /** Applies {@code function} element-wise. */
    @Schema(description = "Applies an activation function element-wise")
    record ActivationLayer(@Schema(description = NAME) @Size(max = 100) @Nullable String name,
                 @Schema(description = INPUTS) @Size(max = 64) @Nullable List<@NotNull @Size(max = 100) String> inputs,
                 @Schema(description = "the function") @NotNull Activation function) implements LayerSpec {}

    /** Flattens every axis but the batch axis (a no-op on tabular input). */
    @Schema(description = "Flattens every axis but the batch axis")
    record Flatten(@Schema(description = NAME) @Size(max = 100) @Nullable String name,
                 @Schema(description = INPUTS) @Size(max = 64)
                     @Nullable List<@NotNull @Size(max = 100) String> inputs) implements LayerSpec {}

    /**
     * Learned vectors for categories: reads the ids of categorical columns (0 for an unknown or missing category)
     * and gives each id a vector of {@code outputDim}, as a sequence (outputDim, columns).
     *
     * @param inputDim how many ids there are; absent: the fitted vocabulary of the columns it reads, plus one
     * @param maskZero id 0 (unknown or missing) maps to zeros and is not trained (PyTorch's padding index); layers
     *     after it see no mask
     * @param l2 the penalty on the looked-up vectors: {@code l2 · Σ v²} summed over a batch's lookups, divided by its
     *     rows (default 0)
     */
    @Schema(description = "Learned vectors for the ids of categorical columns: (columns) to (outputDim, columns)")
    record Embedding(@Schema(description = NAME) @Size(max = 100) @Nullable String name,
                     @Schema(description = INPUTS) @Size(max = 64) @Nullable List<@NotNull @Size(max = 100) String>
                     inputs,
                     @Schema(description = "how many ids there are; absent: the fitted vocabulary plus one")
                     @Positive @Max(10_000_000) @Nullable Integer inputDim,
                     @Schema(description = "the length of each vector") @NotNull @Positive @Max(65_536)
                     Integer outputDim,
                     @Schema(description = "id 0 (unknown or missing) maps to zeros and is not trained")
                     Boolean maskZero,
                     @Schema(description = "how the vectors start") Initializer embeddingsInitializer,
                     @Schema(description = "adds l2 · Σ v² over the vectors a batch looks up, per row of the batch "
                             + "(the L2 of SGD matrix factorization: only the rows a batch touches); default 0")
                     @DecimalMin("0.0") @DecimalMax("10.0") Double l2)
            implements LayerSpec {
        public Embedding {
            maskZero = maskZero == null ? Boolean.FALSE : maskZero;
            embeddingsInitializer = embeddingsInitializer == null ? Initializer.RANDOM_UNIFORM : embeddingsInitializer;
            l2 = l2 == null ? 0.0 : l2;
        }

        public Embedding(String name, List<String> inputs, Integer inputDim, Integer outputDim, Boolean maskZero,
                         Initializer embeddingsInitializer) {
            this(name, inputs, inputDim, outputDim, maskZero, embeddingsInitializer, null);
        }
    }

    /**
     * Layer normalization over the channel (feature) axis at each position, Keras's {@code LayerNormalization}.
     *
     * @param epsilon added to the variance (default 0.001)
     * @param center learns an offset (default true)
     * @param scale learns a scale (default true)
     */
    @Schema(description = "Normalizes each sample over its channels (features) at each position")
    record LayerNorm(@Schema(description = NAME) @Size(max = 100) @Nullable String name,
                     @Schema(description = INPUTS) @Size(max = 64) @Nullable List<@NotNull @Size(max = 100) String>
                     inputs,
                     @Schema(description = "added to the variance") @DecimalMin(value = "0.0", inclusive = false)
                     @DecimalMax("1.0") Double epsilon,
                     @Schema(description = "learns an offset") Boolean center,
                     @Schema(description = "learns a scale") Boolean scale) implements LayerSpec {
        public LayerNorm {
            epsilon = epsilon == null ? 0.001 : epsilon;
            center = center == null ? Boolean.TRUE : center;
            scale = scale == null ? Boolean.TRUE : scale;
        }
    }
}
