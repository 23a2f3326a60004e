package dev.kiln.model;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Layers that join several inputs into one, as Keras's merge layers do. Element-wise merges take inputs of one
 * shape; {@code concatenate} joins along an axis; {@code dot} takes the dot product of two inputs along axes. Axes
 * count the sample's axes, channels first and without the batch: 0 is a vector's features or a sequence's or
 * image's channels; -1 is the last.
 */
public sealed interface Merge extends LayerSpec {

    /** The fewest inputs this merge takes. */
    default int minInputs() {
        return 2;
    }

    /** The most inputs this merge takes. */
    default int maxInputs() {
        return 64;
    }

    /** The sum of its inputs, element by element (the residual connection). */
    @Schema(description = "The sum of its inputs, element by element")
    record Add(@Schema(description = NAME) @Size(max = 100) @Nullable String name,
               @Schema(description = "the layers it adds (at least two)") @Size(max = 64)
               @Nullable List<@NotNull @Size(max = 100) String> inputs) implements Merge {}

    /** The first input minus the second. */
    @Schema(description = "The first input minus the second, element by element")
    record Subtract(@Schema(description = NAME) @Size(max = 100) @Nullable String name,
                    @Schema(description = "the two layers, minuend first") @Size(max = 64)
                    @Nullable List<@NotNull @Size(max = 100) String> inputs) implements Merge {
        @Override
        public int maxInputs() {
            return 2;
        }
    }

    /** The product of its inputs, element by element. */
    @Schema(description = "The product of its inputs, element by element")
    record Multiply(@Schema(description = NAME) @Size(max = 100) @Nullable String name,
                    @Schema(description = "the layers it multiplies (at least two)") @Size(max = 64)
                    @Nullable List<@NotNull @Size(max = 100) String> inputs) implements Merge {}

    /** The mean of its inputs, element by element. */
    @Schema(description = "The mean of its inputs, element by element")
    record Average(@Schema(description = NAME) @Size(max = 100) @Nullable String name,
                   @Schema(description = "the layers it averages (at least two)") @Size(max = 64)
                   @Nullable List<@NotNull @Size(max = 100) String> inputs) implements Merge {}

    /** The largest of its inputs, element by element. */
    @Schema(description = "The largest of its inputs, element by element")
    record Maximum(@Schema(description = NAME) @Size(max = 100) @Nullable String name,
                   @Schema(description = "the layers it compares (at least two)") @Size(max = 64)
                   @Nullable List<@NotNull @Size(max = 100) String> inputs) implements Merge {}

    /**
     * Its inputs joined along {@code axis}; every other axis must agree.
     *
     * @param axis the axis joined, counted over the sample's axes channels first (default 0: features, or channels)
     */
    @Schema(description = "Its inputs joined along an axis (default 0: a vector's features, or channels)")
    record Concatenate(@Schema(description = NAME) @Size(max = 100) @Nullable String name,
                       @Schema(description = "the layers it joins (at least two)") @Size(max = 64)
                       @Nullable List<@NotNull @Size(max = 100) String> inputs,
                       @Schema(description = "the axis joined, channels first, without the batch; -1 is the last")
                       @Min(-3) @Max(2) Integer axis) implements Merge {
        public Concatenate {
            axis = axis == null ? 0 : axis;
        }
    }

    /**
     * The dot product of two inputs along {@code axes}: two vectors give one number; a (c, n) and a (c, m) sequence
     * along axes [0, 0] give an (n, m) matrix.
     *
     * @param axes the axis of each input that is summed over (default [0, 0])
     * @param normalize L2-normalizes both inputs along those axes first: the cosine similarity
     */
    @Schema(description = "The dot product of two inputs along axes; with normalize, their cosine similarity")
    record Dot(@Schema(description = NAME) @Size(max = 100) @Nullable String name,
               @Schema(description = "the two layers") @Size(max = 64)
               @Nullable List<@NotNull @Size(max = 100) String> inputs,
               @Schema(description = "the axis of each input summed over, channels first, without the batch")
               @Size(min = 2, max = 2) List<@NotNull @Min(-2) @Max(1) Integer> axes,
               @Schema(description = "L2-normalize both inputs first (cosine similarity)") Boolean normalize)
            implements Merge {
        public Dot {
            axes = axes == null ? List.of(0, 0) : List.copyOf(axes);
            normalize = normalize == null ? Boolean.FALSE : normalize;
        }

        @Override
        public int maxInputs() {
            return 2;
        }
    }
}
