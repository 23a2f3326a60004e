package dev.kiln.model;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Convolutions: over images (channels, height, width), Keras's {@code Conv2D}, and over sequences, {@code Conv1D}. */
public sealed interface Convolutions extends LayerSpec permits Convolutions.Conv2d, Convolutions.Conv1d {
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
    record Conv2d(@Schema(description = NAME) @Size(max = 100) @Nullable String name,
                 @Schema(description = INPUTS) @Size(max = 64) @Nullable List<@NotNull @Size(max = 100) String> inputs,
                 @Schema(description = "output channels") @NotNull @Positive @Max(4096) Integer filters,
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
                  @DecimalMin("0.0") @DecimalMax("10.0") Double l2) implements Convolutions, LayerSpec.Regularized, Convolutions.Convolution {
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
            this(null, null, filters, Window.square(kernelSize), null, null, null, activation, null, null, null, null,
                    null);
        }
    }

    /**
     * A 1D convolution over (channels, length) inputs, Keras's {@code Conv1D}; on a table's features it reads the
     * feature vector as a sequence with one channel.
     */
    @Schema(description = "A 1D convolution over sequences (channels, length); a table's features read as one channel")
    record Conv1d(@Schema(description = NAME) @Size(max = 100) @Nullable String name,
                 @Schema(description = INPUTS) @Size(max = 64) @Nullable List<@NotNull @Size(max = 100) String> inputs,
                 @Schema(description = "output channels") @NotNull @Positive @Max(4096) Integer filters,
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
                  @DecimalMin("0.0") @DecimalMax("10.0") Double l2) implements Convolutions, LayerSpec.Regularized, Convolutions.Convolution {
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
}
