package dev.kiln.model;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Layers without weights that change a sample's shape: reshape, permute, and identity. Shapes are channels first,
 * without the batch.
 */
public sealed interface Reshaping extends LayerSpec {

    /**
     * The same values in another shape, channels first; one axis may be -1 (whatever is left).
     *
     * @param targetShape the new shape without the batch, e.g. [8, 4] for 8 channels of length 4
     */
    @Schema(description = "The same values in another shape (channels first, without the batch; one axis may be -1)")
    record Reshape(@Schema(description = NAME) @Size(max = 100) @Nullable String name,
                   @Schema(description = INPUTS) @Size(max = 64)
                       @Nullable List<@NotNull @Size(max = 100) String> inputs,
                   @Schema(description = "the new shape, channels first, without the batch") @NotEmpty @Size(max = 3)
                   List<@NotNull @Min(-1) @Max(100_000_000) Integer> targetShape) implements Reshaping {}

    /**
     * The axes in another order, as Keras's {@code Permute}: {@code dims} lists the input's axes, counted from 1
     * without the batch, in their new order; [2, 1] swaps a sequence's channels and length.
     */
    @Schema(description = "The axes in another order, counted from 1 without the batch: [2, 1] swaps channels and "
            + "length")
    record Permute(@Schema(description = NAME) @Size(max = 100) @Nullable String name,
                   @Schema(description = INPUTS) @Size(max = 64)
                       @Nullable List<@NotNull @Size(max = 100) String> inputs,
                   @Schema(description = "the input's axes in their new order, from 1") @NotEmpty @Size(max = 3)
                   List<@NotNull @Min(1) @Max(3) Integer> dims) implements Reshaping {}

    /** Its input, unchanged: a named point in a graph. */
    @Schema(description = "Its input, unchanged")
    record Identity(@Schema(description = NAME) @Size(max = 100) @Nullable String name,
                    @Schema(description = INPUTS) @Size(max = 64)
                        @Nullable List<@NotNull @Size(max = 100) String> inputs)
            implements Reshaping {}
}
