package dev.kiln.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;

/**
 * A two-dimensional size (kernel, pool, stride, dilation): read as one integer for a square or as
 * {@code [height, width]}, as Keras accepts them; always written as {@code [height, width]}, as Keras writes them.
 */
@io.swagger.v3.oas.annotations.media.Schema(title = "[height, width] (or one integer for a square)")
public record Window(int height, int width) {
    public static final int MAX = 1024;

    public Window {
        if (height < 1 || width < 1 || height > MAX || width > MAX) {
            throw new IllegalArgumentException("must be between 1 and " + MAX + "; got " + describe(height, width));
        }
    }

    public static Window square(int side) {
        return new Window(side, side);
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static Window of(Object value) {
        if (value instanceof Integer side) {
            return square(side);
        }
        if (value instanceof List<?> list && list.size() == 2 && list.get(0) instanceof Integer h
                && list.get(1) instanceof Integer w) {
            return new Window(h, w);
        }
        throw new IllegalArgumentException("expected an integer or [height, width]; got " + value);
    }

    @JsonValue
    List<Integer> json() {
        return List.of(height, width);
    }

    @Override
    public String toString() {
        return describe(height, width);
    }

    private static String describe(int height, int width) {
        return height + "×" + width;
    }
}
