package dev.kiln.model;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Pooling layers: windows over images and sequences, and global pools over all their positions (Keras's). */
public sealed interface Pooling extends LayerSpec {

    /** The largest value of each window, Keras's {@code MaxPooling2D}. */
    @Schema(description = "The largest value of each window over images")
    record MaxPool2d(@Schema(description = NAME) @Size(max = 100) @Nullable String name,
                 @Schema(description = INPUTS) @Size(max = 64) @Nullable List<@NotNull @Size(max = 100) String> inputs,
                 @Schema(description = "the window: an integer or [height, width]") Window poolSize,
                     @Schema(description = "step between windows; default: the pool size") Window strides,
                     @Schema(description = "border handling") Padding padding)
            implements Pooling, Pooling2d {
        public MaxPool2d {
            poolSize = poolSize == null ? Window.square(2) : poolSize;
            strides = strides == null ? poolSize : strides;
            padding = padding == null ? Padding.VALID : padding;
        }
    }

    /** The mean of each window, Keras's {@code AveragePooling2D} (padding is not counted in the mean). */
    @Schema(description = "The mean of each window over images; padding is not counted")
    record AvgPool2d(@Schema(description = NAME) @Size(max = 100) @Nullable String name,
                 @Schema(description = INPUTS) @Size(max = 64) @Nullable List<@NotNull @Size(max = 100) String> inputs,
                 @Schema(description = "the window: an integer or [height, width]") Window poolSize,
                     @Schema(description = "step between windows; default: the pool size") Window strides,
                     @Schema(description = "border handling") Padding padding)
            implements Pooling, Pooling2d {
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
    record GlobalAvgPool2d(@Schema(description = NAME) @Size(max = 100) @Nullable String name,
                 @Schema(description = INPUTS) @Size(max = 64)
                     @Nullable List<@NotNull @Size(max = 100) String> inputs) implements Pooling {}

    /** The largest value of each window of a sequence, Keras's {@code MaxPooling1D}. */
    @Schema(description = "The largest value of each window over sequences")
    record MaxPool1d(@Schema(description = NAME) @Size(max = 100) @Nullable String name,
                 @Schema(description = INPUTS) @Size(max = 64) @Nullable List<@NotNull @Size(max = 100) String> inputs,
                 @Schema(description = "the window's length") @Positive @Max(Window.MAX)
                     Integer poolSize,
                     @Schema(description = "step between windows; default: the pool size") @Positive @Max(Window.MAX)
                     Integer strides,
                     @Schema(description = "border handling") Padding padding)
            implements Pooling {
        public MaxPool1d {
            poolSize = poolSize == null ? 2 : poolSize;
            strides = strides == null ? poolSize : strides;
            padding = padding == null ? Padding.VALID : padding;
        }
    }

    /** The largest value of each channel over the image: (channels, height, width) to (channels). */
    @Schema(description = "The largest value of each channel over the image: (channels, height, width) to (channels)")
    record GlobalMaxPool2d(@Schema(description = NAME) @Size(max = 100) @Nullable String name,
                           @Schema(description = INPUTS) @Size(max = 64)
                           @Nullable List<@NotNull @Size(max = 100) String> inputs) implements Pooling {}

    /** The largest value of each channel over the sequence: (channels, length) to (channels). */
    @Schema(description = "The largest value of each channel over the sequence: (channels, length) to (channels)")
    record GlobalMaxPool1d(@Schema(description = NAME) @Size(max = 100) @Nullable String name,
                           @Schema(description = INPUTS) @Size(max = 64)
                           @Nullable List<@NotNull @Size(max = 100) String> inputs) implements Pooling {}

    /** The mean of each channel over the sequence: (channels, length) to (channels). */
    @Schema(description = "The mean of each channel over the sequence: (channels, length) to (channels)")
    record GlobalAvgPool1d(@Schema(description = NAME) @Size(max = 100) @Nullable String name,
                           @Schema(description = INPUTS) @Size(max = 64)
                           @Nullable List<@NotNull @Size(max = 100) String> inputs) implements Pooling {}
}
