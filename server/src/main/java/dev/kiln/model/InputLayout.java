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
     * @param width how many values it takes (1; its categories when one-hot; its ids per row for text in int mode)
     * @param ids how many ids an embedding reading the column needs (0 when its values are not ids): an ordinal
     *     encoding's categories plus one for unknown, a text encoding's vocabulary plus padding and out of vocabulary
     * @param idShift what is added to an encoded value to make it an id: 1 for ordinal codes (−1 unknown becomes 0),
     *     0 for text ids (0 is padding)
     */
    public record Column(String name, int offset, int width, int ids, int idShift) {
        /** A column whose values are not ids. */
        public Column(String name, int offset, int width) {
            this(name, offset, width, 0, 0);
        }

        /** Whether its values are text token ids (0 padding): only an embedding reads them. */
        public boolean tokens() {
            return ids > 0 && idShift == 0;
        }
    }

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

    /** Where a column's values start in a row. */
    public int offsetOf(String name) {
        return column(name).orElseThrow(() -> new IllegalArgumentException("no input column '" + name + "'"))
                .offset();
    }

    public Optional<Column> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    public boolean isTable() {
        return !columns.isEmpty();
    }

    /**
     * The ranges {@code [from, to)} of the encoded features an input layer named {@code name} (one of
     * {@code inputs}) reads, adjacent ones joined: its columns', or null for all (also when its columns are all of
     * them in order).
     */
    public int[][] ranges(LayerSpec.Input input, String name, int inputs) {
        List<String> names = input.columns() != null ? input.columns() : inputs > 1 ? List.of(name) : null;
        if (names == null) {
            return null;
        }
        List<int[]> ranges = new java.util.ArrayList<>();
        for (String columnName : names) {
            Column column = column(columnName).orElseThrow();
            int[] last = ranges.isEmpty() ? null : ranges.get(ranges.size() - 1);
            if (last != null && last[1] == column.offset()) {
                last[1] += column.width();
            } else {
                ranges.add(new int[] {column.offset(), column.offset() + column.width()});
            }
        }
        if (ranges.size() == 1 && ranges.get(0)[0] == 0 && ranges.get(0)[1] == shape()[0]) {
            return null;
        }
        return ranges.toArray(int[][]::new);
    }
}
