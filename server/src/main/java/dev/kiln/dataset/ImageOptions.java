package dev.kiln.dataset;

import dev.kiln.domain.InvalidRequest;
import dev.kiln.domain.Violation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;

/**
 * The options of an image upload.
 *
 * @param height with {@code width}: the size every image is resized to; null: the most common size
 * @param colorMode null: grayscale when every image is gray, rgb otherwise
 * @param classNames IDX only: the name of label value 0, 1, …; null: the values themselves
 */
record ImageOptions(Integer height, Integer width, ColorMode colorMode, List<String> classNames) {
    static final int MAX_SIDE = 4096;

    static ImageOptions none() {
        return new ImageOptions(null, null, null, null);
    }

    boolean isEmpty() {
        return height == null && colorMode == null && classNames == null;
    }

    /**
     * Reads the request parameters: {@code imageSize} as {@code 28} (square), {@code 32,48} or {@code [32, 48]}
     * (height, width); {@code colorMode} as grayscale or rgb; {@code classNames} comma-separated.
     */
    static ImageOptions parse(String imageSize, String colorMode, String classNames) {
        List<Violation> violations = new ArrayList<>();
        Integer height = null;
        Integer width = null;
        if (imageSize != null && !imageSize.isBlank()) {
            String[] parts = imageSize.strip().replaceAll("^\\[|]$", "").split("\\s*,\\s*");
            try {
                int[] sides = Arrays.stream(parts).map(String::strip).mapToInt(Integer::parseInt).toArray();
                if (sides.length > 2 || Arrays.stream(sides).anyMatch(s -> s < 1 || s > MAX_SIDE)) {
                    throw new NumberFormatException();
                }
                height = sides[0];
                width = sides.length == 2 ? sides[1] : sides[0];
            } catch (NumberFormatException e) {
                violations.add(new Violation("imageSize", "expected a side (28) or height,width (32,48), each between "
                        + "1 and " + MAX_SIDE + "; got '" + imageSize + "'"));
            }
        }
        ColorMode mode = null;
        if (colorMode != null && !colorMode.isBlank()) {
            mode = ColorMode.parse(colorMode).orElse(null);
            if (mode == null) {
                violations.add(new Violation("colorMode", "expected grayscale or rgb; got '" + colorMode + "'"));
            }
        }
        List<String> names = null;
        if (classNames != null && !classNames.isBlank()) {
            names = Arrays.stream(classNames.split(",", -1)).map(String::strip).toList();
            if (names.stream().anyMatch(String::isEmpty)) {
                violations.add(new Violation("classNames", "a class name is empty"));
            } else if (new HashSet<>(names).size() != names.size()) {
                violations.add(new Violation("classNames", "names must differ from each other"));
            } else if (names.stream().anyMatch(n -> n.length() > 200)) {
                violations.add(new Violation("classNames", "a class name may have at most 200 characters"));
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequest(violations);
        }
        return new ImageOptions(height, width, mode, names);
    }

    /** The shape to store: the requested size and mode, or the most common size and the images' own mode. */
    ImageShape shape(int commonHeight, int commonWidth, boolean allGray) {
        ColorMode mode = colorMode != null ? colorMode : allGray ? ColorMode.GRAYSCALE : ColorMode.RGB;
        return new ImageShape(mode.channels(), height != null ? height : commonHeight, width != null ? width : commonWidth);
    }
}
