package dev.kiln.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * How a convolution or pooling window treats the border, as in Keras: {@code valid} uses only windows that fit,
 * {@code same} pads so that the output has {@code ceil(input / stride)} positions, the extra row or column (when the
 * padding is odd) at the bottom and right.
 */
@io.swagger.v3.oas.annotations.media.Schema(name = "Padding", enumAsRef = true, description = "how a window treats the border")
public enum Padding {
    VALID, SAME;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Padding of(String value) {
        for (Padding p : values()) {
            if (p.json().equalsIgnoreCase(value)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown padding '" + value + "'; expected valid or same");
    }

    /** Output positions along one axis of {@code input}, or 0 when the (dilated) window does not fit. */
    public int output(int input, int window, int stride, int dilation) {
        int span = (window - 1) * dilation + 1;
        if (this == SAME) {
            return (input + stride - 1) / stride;
        }
        return input < span ? 0 : (input - span) / stride + 1;
    }

    /** The zeros added before and after one axis ({@code [0, 0]} for valid). */
    public int[] amounts(int input, int window, int stride, int dilation) {
        if (this == VALID) {
            return new int[] {0, 0};
        }
        int span = (window - 1) * dilation + 1;
        int total = Math.max((output(input, window, stride, dilation) - 1) * stride + span - input, 0);
        return new int[] {total / 2, total - total / 2};
    }
}
