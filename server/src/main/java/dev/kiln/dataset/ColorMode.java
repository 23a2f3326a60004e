package dev.kiln.dataset;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How an image dataset's pixels are stored: one luminance channel or three (red, green, blue). */
@io.swagger.v3.oas.annotations.media.Schema(name = "ColorMode", enumAsRef = true, description = "grayscale or rgb")
public enum ColorMode {
    GRAYSCALE(1), RGB(3);

    private final int channels;

    ColorMode(int channels) {
        this.channels = channels;
    }

    public int channels() {
        return channels;
    }

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static ColorMode of(String value) {
        return parse(value).orElseThrow(() -> new IllegalArgumentException("unknown color mode '" + value
                + "'; expected grayscale or rgb"));
    }

    static Optional<ColorMode> parse(String value) {
        return Arrays.stream(values()).filter(m -> m.json().equalsIgnoreCase(value == null ? "" : value.strip()))
                .findFirst();
    }

    static ColorMode ofChannels(int channels) {
        return channels == 1 ? GRAYSCALE : RGB;
    }
}
