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
        @JsonSubTypes.Type(value = LayerSpec.Flatten.class, name = "flatten"),
        @JsonSubTypes.Type(value = LayerSpec.Conv2d.class, name = "conv2d"),
        @JsonSubTypes.Type(value = LayerSpec.MaxPool2d.class, name = "maxPool2d"),
        @JsonSubTypes.Type(value = LayerSpec.AvgPool2d.class, name = "avgPool2d"),
        @JsonSubTypes.Type(value = LayerSpec.GlobalAvgPool2d.class, name = "globalAvgPool2d"),
        @JsonSubTypes.Type(value = LayerSpec.Conv1d.class, name = "conv1d"),
        @JsonSubTypes.Type(value = LayerSpec.MaxPool1d.class, name = "maxPool1d")})
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
    record BatchNorm(@Schema(description = "weight of the running statistics")
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
    record ActivationLayer(@Schema(description = "the function") @NotNull Activation function) implements LayerSpec {}

    /** Flattens every axis but the batch axis (a no-op on tabular input). */
    @Schema(description = "Flattens every axis but the batch axis")
    record Flatten() implements LayerSpec {}

    /**
     * A 2D convolution over (channels, height, width) inputs, Keras's {@code Conv2D}.
     *
     * @param filters output channels
     * @param kernelSize the window, an integer or [height, width]
     * @param strides the step between windows (default 1)
     * @param padding valid (default) or same
     * @param dilation spacing between the kernel's taps (default 1)
     */
    @Schema(description = "A 2D convolution over images (channels, height, width)")
    record Conv2d(@Schema(description = "output channels") @NotNull @Positive @Max(4096) Integer filters,
                  @Schema(description = "the window: an integer or [height, width]") @NotNull Window kernelSize,
                  @Schema(description = "step between windows")
                  Window strides,
                  @Schema(description = "border handling") Padding padding,
                  @Schema(description = "spacing between kernel taps") Window dilation,
                  @Schema(description = "applied to the output") Activation activation,
                  @Schema(description = "adds a bias per filter") Boolean useBias,
                  @Schema(description = "how the kernel starts")
                  Initializer kernelInitializer,
                  @Schema(description = "how the bias starts") Initializer biasInitializer,
                  @Schema(description = "L1 penalty l1·Σ|w| on the kernel")
                  @DecimalMin("0.0") @DecimalMax("10.0") Double l1,
                  @Schema(description = "L2 penalty l2·Σw² on the kernel")
                  @DecimalMin("0.0") @DecimalMax("10.0") Double l2) implements LayerSpec, Regularized, Convolution {
        public Conv2d {
            strides = strides == null ? Window.square(1) : strides;
            padding = padding == null ? Padding.VALID : padding;
            dilation = dilation == null ? Window.square(1) : dilation;
            activation = activation == null ? Activation.LINEAR : activation;
            useBias = useBias == null ? Boolean.TRUE : useBias;
            kernelInitializer = kernelInitializer == null ? Initializer.GLOROT_UNIFORM : kernelInitializer;
            biasInitializer = biasInitializer == null ? Initializer.ZEROS : biasInitializer;
            l1 = l1 == null ? 0.0 : l1;
            l2 = l2 == null ? 0.0 : l2;
        }

        public Conv2d(int filters, int kernelSize, Activation activation) {
            this(filters, Window.square(kernelSize), null, null, null, activation, null, null, null, null, null);
        }
    }

    /**
     * A 1D convolution over (channels, length) inputs, Keras's {@code Conv1D}; on a table's features it reads the
     * feature vector as a sequence with one channel.
     */
    @Schema(description = "A 1D convolution over sequences (channels, length); a table's features read as one channel")
    record Conv1d(@Schema(description = "output channels") @NotNull @Positive @Max(4096) Integer filters,
                  @Schema(description = "the window's length") @NotNull @Positive @Max(Window.MAX) Integer kernelSize,
                  @Schema(description = "step between windows") @Positive @Max(Window.MAX)
                  Integer strides,
                  @Schema(description = "border handling") Padding padding,
                  @Schema(description = "spacing between kernel taps") @Positive @Max(Window.MAX)
                  Integer dilation,
                  @Schema(description = "applied to the output") Activation activation,
                  @Schema(description = "adds a bias per filter") Boolean useBias,
                  @Schema(description = "how the kernel starts")
                  Initializer kernelInitializer,
                  @Schema(description = "how the bias starts") Initializer biasInitializer,
                  @Schema(description = "L1 penalty l1·Σ|w| on the kernel")
                  @DecimalMin("0.0") @DecimalMax("10.0") Double l1,
                  @Schema(description = "L2 penalty l2·Σw² on the kernel")
                  @DecimalMin("0.0") @DecimalMax("10.0") Double l2) implements LayerSpec, Regularized, Convolution {
        public Conv1d {
            strides = strides == null ? 1 : strides;
            padding = padding == null ? Padding.VALID : padding;
            dilation = dilation == null ? 1 : dilation;
            activation = activation == null ? Activation.LINEAR : activation;
            useBias = useBias == null ? Boolean.TRUE : useBias;
            kernelInitializer = kernelInitializer == null ? Initializer.GLOROT_UNIFORM : kernelInitializer;
            biasInitializer = biasInitializer == null ? Initializer.ZEROS : biasInitializer;
            l1 = l1 == null ? 0.0 : l1;
            l2 = l2 == null ? 0.0 : l2;
        }
    }

    /** A convolution: a kernel with an activation after it. */
    interface Convolution {
        Activation activation();

        Boolean useBias();

        Initializer kernelInitializer();

        Initializer biasInitializer();

        Integer filters();
    }

    /** The largest value of each window, Keras's {@code MaxPooling2D}. */
    @Schema(description = "The largest value of each window over images")
    record MaxPool2d(@Schema(description = "the window: an integer or [height, width]") Window poolSize,
                     @Schema(description = "step between windows; default: the pool size") Window strides,
                     @Schema(description = "border handling") Padding padding)
            implements LayerSpec, Pooling2d {
        public MaxPool2d {
            poolSize = poolSize == null ? Window.square(2) : poolSize;
            strides = strides == null ? poolSize : strides;
            padding = padding == null ? Padding.VALID : padding;
        }
    }

    /** The mean of each window, Keras's {@code AveragePooling2D} (padding is not counted in the mean). */
    @Schema(description = "The mean of each window over images; padding is not counted")
    record AvgPool2d(@Schema(description = "the window: an integer or [height, width]") Window poolSize,
                     @Schema(description = "step between windows; default: the pool size") Window strides,
                     @Schema(description = "border handling") Padding padding)
            implements LayerSpec, Pooling2d {
        public AvgPool2d {
            poolSize = poolSize == null ? Window.square(2) : poolSize;
            strides = strides == null ? poolSize : strides;
            padding = padding == null ? Padding.VALID : padding;
        }
    }

    /** A 2D pooling window. */
    interface Pooling2d {
        Window poolSize();

        Window strides();

        Padding padding();
    }

    /** The mean of each channel over all positions: (channels, height, width) becomes (channels). */
    @Schema(description = "The mean of each channel over the whole image: (channels, height, width) to (channels)")
    record GlobalAvgPool2d() implements LayerSpec {}

    /** The largest value of each window of a sequence, Keras's {@code MaxPooling1D}. */
    @Schema(description = "The largest value of each window over sequences")
    record MaxPool1d(@Schema(description = "the window's length") @Positive @Max(Window.MAX)
                     Integer poolSize,
                     @Schema(description = "step between windows; default: the pool size") @Positive @Max(Window.MAX)
                     Integer strides,
                     @Schema(description = "border handling") Padding padding)
            implements LayerSpec {
        public MaxPool1d {
            poolSize = poolSize == null ? 2 : poolSize;
            strides = strides == null ? poolSize : strides;
            padding = padding == null ? Padding.VALID : padding;
        }
    }
}
