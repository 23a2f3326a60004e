package dev.kiln.model;

import java.util.List;
import java.util.Optional;

/**
 * What a model reads, per sample: the shape of the whole input — a table's encoded features, or an image's
 * (channels, height, width) — and, for a table, where each column's encoding lies in it, so that {@code input}
 * layers can read some columns each.
 *
 * @param columns a table's columns in encoding order (none for images)
 */
public record InputLayout(int[] shape, List<Column> columns) {

    /**
     * One column's encoding.
     *
     * @param offset where its values start in the encoded features
     * @param width how many values it takes (1, or its categories when one-hot)
     * @param vocabulary the categories of an ordinal (id) encoding, 0 for any other: an embedding reads ids 0 (unknown
     *     or missing) to {@code vocabulary}
     */
    public record Column(String name, int offset, int width, int vocabulary) {}

    public InputLayout {
        shape = shape.clone();
        columns = List.copyOf(columns);
    }

    /** An input without columns (an image, or features nobody needs to tell apart). */
    public static InputLayout of(int[] shape) {
        return new InputLayout(shape, List.of());
    }

    /** A shape as a caller writes it: {@code 1,28,28}, {@code (3, 32, 32)}, {@code 30}; 400 naming inputShape else. */
    public static int[] parseShape(String shape) {
        try {
            int[] dims = java.util.Arrays.stream(shape.strip().replaceAll("^[\\[(]|[])]$", "")
                    .split("\\s*[,x×]\\s*")).map(String::strip).mapToInt(Integer::parseInt).toArray();
            if ((dims.length == 1 || dims.length == 2 || dims.length == 3)
                    && java.util.Arrays.stream(dims).allMatch(d -> d >= 1 && d <= 1_000_000)) {
                return dims;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new dev.kiln.domain.InvalidParameter("inputShape", "expected 1 to 3 positive sizes: (features), "
                + "(channels, length) or (channels, height, width), e.g. 1,28,28; got '" + shape + "'");
    }

    public Optional<Column> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    public boolean isTable() {
        return !columns.isEmpty();
    }
}
