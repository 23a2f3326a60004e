package dev.kiln.model;

import com.fasterxml.jackson.annotation.JsonValue;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Layers over sequences (channels, length), Keras's: recurrent layers, attention, positions and the transformer
 * encoder block. Each reads a mask when one comes with its input (an embedding with {@code maskZero}): padded positions
 * count neither in a recurrent layer's last state nor as attention keys.
 */
public sealed interface Sequences extends LayerSpec {
    String RATE = "fraction dropped while training";

    /** A recurrent layer: {@code lstm} or {@code gru}. */
    sealed interface Recurrent extends Sequences permits Lstm, Gru {
        Integer units();

        Boolean returnSequences();

        Double dropout();

        Double recurrentDropout();

        Initializer kernelInitializer();

        Initializer recurrentInitializer();

        /** How many gates the cell has (LSTM 4, GRU 3). */
        int gates();
    }

    /**
     * Keras's {@code LSTM} on PyTorch's fused kernel: tanh and sigmoid, a forget-gate bias starting at 1; PyTorch keeps
     * two bias vectors (input and recurrent), so it has {@code 4·units} parameters more than Keras counts.
     *
     * @param returnSequences the output at every position (units, length); default: the last state (units)
     * @param dropout dropped from the inputs, one mask per sample shared by every step (as Keras)
     * @param recurrentDropout not available on the fused kernel: only 0
     */
    @Schema(description = "A long short-term memory layer over a sequence (channels, length)")
    record Lstm(@Schema(description = NAME) @Size(max = 100) @Nullable String name,
                @Schema(description = INPUTS) @Size(max = 64) @Nullable List<@NotNull @Size(max = 100) String> inputs,
                @Schema(description = "the state's width") @NotNull @Positive @Max(8192) Integer units,
                @Schema(description = "output every position's state (units, length) instead of the last (units)")
                Boolean returnSequences,
                @Schema(description = "fraction of the inputs dropped while training, one mask per sample")
                @DecimalMin("0.0") @DecimalMax(value = "1.0", inclusive = false) Double dropout,
                @Schema(description = "only 0: PyTorch's fused kernel cannot drop recurrent connections")
                @DecimalMin("0.0") @DecimalMax(value = "0.0", message = "must be 0: PyTorch's fused recurrent kernel "
                        + "cannot drop recurrent connections; use dropout (on the inputs) or a dropout layer")
                Double recurrentDropout,
                @Schema(description = "how the input kernel starts") Initializer kernelInitializer,
                @Schema(description = "how the recurrent kernel starts") Initializer recurrentInitializer)
            implements Recurrent {
        public Lstm {
            returnSequences = returnSequences == null ? Boolean.FALSE : returnSequences;
            dropout = dropout == null ? 0.0 : dropout;
            recurrentDropout = recurrentDropout == null ? 0.0 : recurrentDropout;
            kernelInitializer = kernelInitializer == null ? Initializer.GLOROT_UNIFORM : kernelInitializer;
            recurrentInitializer = recurrentInitializer == null ? Initializer.ORTHOGONAL : recurrentInitializer;
        }

        @Override
        public int gates() {
            return 4;
        }
    }

    /**
     * Keras's {@code GRU} (reset gate after the recurrent product, Keras's default and PyTorch's only form), on
     * PyTorch's fused kernel; parameters as Keras counts them.
     */
    @Schema(description = "A gated recurrent unit layer over a sequence (channels, length)")
    record Gru(@Schema(description = NAME) @Size(max = 100) @Nullable String name,
               @Schema(description = INPUTS) @Size(max = 64) @Nullable List<@NotNull @Size(max = 100) String> inputs,
               @Schema(description = "the state's width") @NotNull @Positive @Max(8192) Integer units,
               @Schema(description = "output every position's state (units, length) instead of the last (units)")
               Boolean returnSequences,
               @Schema(description = "fraction of the inputs dropped while training, one mask per sample")
               @DecimalMin("0.0") @DecimalMax(value = "1.0", inclusive = false) Double dropout,
               @Schema(description = "only 0: PyTorch's fused kernel cannot drop recurrent connections")
               @DecimalMin("0.0") @DecimalMax(value = "0.0", message = "must be 0: PyTorch's fused recurrent kernel "
                       + "cannot drop recurrent connections; use dropout (on the inputs) or a dropout layer")
               Double recurrentDropout,
               @Schema(description = "how the input kernel starts") Initializer kernelInitializer,
               @Schema(description = "how the recurrent kernel starts") Initializer recurrentInitializer)
            implements Recurrent {
        public Gru {
            returnSequences = returnSequences == null ? Boolean.FALSE : returnSequences;
            dropout = dropout == null ? 0.0 : dropout;
            recurrentDropout = recurrentDropout == null ? 0.0 : recurrentDropout;
            kernelInitializer = kernelInitializer == null ? Initializer.GLOROT_UNIFORM : kernelInitializer;
            recurrentInitializer = recurrentInitializer == null ? Initializer.ORTHOGONAL : recurrentInitializer;
        }

        @Override
        public int gates() {
            return 3;
        }
    }

    /** How a bidirectional layer joins its two directions (Keras's names). */
    @Schema(enumAsRef = true, description = "concat (default), sum, mul or ave")
    enum MergeMode {
        CONCAT("concat"), SUM("sum"), MUL("mul"), AVE("ave");

        private final String json;

        MergeMode(String json) {
            this.json = json;
        }

        @JsonValue
        public String json() {
            return json;
        }
    }

    /**
     * Keras's {@code Bidirectional}: the wrapped layer reads the sequence forwards, a copy of it backwards (over the
     * unpadded positions only, when a mask comes with the input), and the two outputs are merged.
     *
     * @param layer an {@code lstm} or {@code gru} (its {@code name} and {@code inputs} are the wrapper's)
     */
    @Schema(description = "Runs an lstm or gru forwards and backwards and merges the two")
    record Bidirectional(@Schema(description = NAME) @Size(max = 100) @Nullable String name,
                         @Schema(description = INPUTS) @Size(max = 64)
                         @Nullable List<@NotNull @Size(max = 100) String> inputs,
                         @Schema(description = "the recurrent layer: lstm or gru") @NotNull @Valid LayerSpec layer,
                         @Schema(description = "how the directions are joined") MergeMode mergeMode)
            implements Sequences {
        public Bidirectional {
            mergeMode = mergeMode == null ? MergeMode.CONCAT : mergeMode;
        }

        /** The wrapped layer, once the model's structure check has made sure it is recurrent. */
        public Recurrent recurrent() {
            return (Recurrent) layer;
        }
    }

    /**
     * Keras's {@code MultiHeadAttention} as self-attention: queries, keys and values all come from the one input;
     * padded positions (a mask from {@code maskZero}) are never attended to.
     *
     * @param valueDim each head's value width (default keyDim)
     * @param dropout dropped from the attention weights while training
     */
    @Schema(description = "Self-attention over a sequence (channels, length) with several heads")
    record MultiHeadAttention(@Schema(description = NAME) @Size(max = 100) @Nullable String name,
                              @Schema(description = INPUTS) @Size(max = 64)
                              @Nullable List<@NotNull @Size(max = 100) String> inputs,
                              @Schema(description = "attention heads") @NotNull @Positive @Max(256) Integer numHeads,
                              @Schema(description = "each head's query and key width") @NotNull @Positive
                              @Max(4096) Integer keyDim,
                              @Schema(description = "each head's value width (default keyDim)") @Positive
                              @Max(4096) Integer valueDim,
                              @Schema(description = "fraction of the attention weights dropped while training")
                              @DecimalMin("0.0") @DecimalMax(value = "1.0", inclusive = false) Double dropout,
                              @Schema(description = "the projections add biases") Boolean useBias,
                              @Schema(description = "how the projections start") Initializer kernelInitializer)
            implements Sequences {
        public MultiHeadAttention {
            valueDim = valueDim == null ? keyDim : valueDim;
            dropout = dropout == null ? 0.0 : dropout;
            useBias = useBias == null ? Boolean.TRUE : useBias;
            kernelInitializer = kernelInitializer == null ? Initializer.GLOROT_UNIFORM : kernelInitializer;
        }
    }

    /**
     * A learned vector per position added to the sequence (KerasHub's {@code PositionEmbedding} added to its input).
     *
     * @param maxLength the longest sequence it reads
     */
    @Schema(description = "Adds a learned vector per position to a sequence (channels, length)")
    record PositionalEmbedding(@Schema(description = NAME) @Size(max = 100) @Nullable String name,
                               @Schema(description = INPUTS) @Size(max = 64)
                               @Nullable List<@NotNull @Size(max = 100) String> inputs,
                               @Schema(description = "the longest sequence it reads") @NotNull @Positive
                               @Max(100_000) Integer maxLength,
                               @Schema(description = "how the vectors start") Initializer initializer)
            implements Sequences {
        public PositionalEmbedding {
            initializer = initializer == null ? Initializer.GLOROT_UNIFORM : initializer;
        }
    }

    /**
     * KerasHub's {@code TransformerEncoder} (post-norm), a convenience for: self-attention → dropout → add the input
     * → layer norm → dense(ffDim, activation) → dense(channels) → dropout → add → layer norm. The output keeps the
     * input's shape.
     *
     * @param keyDim each head's width (default channels / numHeads)
     * @param ffDim the feed-forward layer's width (KerasHub's intermediate_dim)
     * @param dropout after attention, on the attention weights, and after the feed-forward (default 0)
     * @param epsilon the layer norms' (default 1e-5)
     */
    @Schema(description = "A transformer encoder block: self-attention and a feed-forward, each added and normalized")
    record TransformerEncoder(@Schema(description = NAME) @Size(max = 100) @Nullable String name,
                              @Schema(description = INPUTS) @Size(max = 64)
                              @Nullable List<@NotNull @Size(max = 100) String> inputs,
                              @Schema(description = "attention heads") @NotNull @Positive @Max(256) Integer numHeads,
                              @Schema(description = "each head's width (default channels / numHeads)") @Positive
                              @Max(4096) Integer keyDim,
                              @Schema(description = "the feed-forward layer's width") @NotNull @Positive
                              @Max(65_536) Integer ffDim,
                              @Schema(description = "fraction dropped after attention, from the attention weights "
                                      + "and after the feed-forward") @DecimalMin("0.0")
                              @DecimalMax(value = "1.0", inclusive = false) Double dropout,
                              @Schema(description = "the feed-forward's activation") Activation activation,
                              @Schema(description = "added to the layer norms' variance")
                              @DecimalMin(value = "0.0", inclusive = false) @DecimalMax("1.0") Double epsilon)
            implements Sequences {
        public TransformerEncoder {
            dropout = dropout == null ? 0.0 : dropout;
            activation = activation == null ? Activation.RELU : activation;
            epsilon = epsilon == null ? 1e-5 : epsilon;
        }

        /** Each head's width on {@code channels}. */
        public int keyDim(int channels) {
            return keyDim != null ? keyDim : channels / numHeads;
        }
    }
}
