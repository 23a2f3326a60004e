package dev.kiln.model;

import dev.kiln.model.LayerShapes.DoesNotFit;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;

/**
 * What one {@code input} layer reads from the model's input: its shape, and — when every column it reads is encoded
 * as ids with one shift — how many ids there are (what an embedding after it takes as its input dimension) and the
 * shift that makes encoded values ids.
 */
record InputShape(int[] shape, int ids, int idShift, List<String> tokenColumns) {

    static InputShape of(LayerSpec.Input input, String name, int inputs, InputLayout layout) throws DoesNotFit {
        InputShape read;
        if (input.columns() != null) {
            read = columns(input.columns(), layout);
        } else if (inputs == 1) {
            read = ids(layout.shape(), layout.columns());
        } else if (layout.column(name).isPresent()) {
            read = columns(List.of(name), layout);
        } else {
            throw new DoesNotFit("the model has " + inputs + " inputs: name the columns the input '" + name
                    + "' reads (columns), or name the input after a column");
        }
        if (input.shape() != null) {
            int[] expected = input.shape().stream().mapToInt(Integer::intValue).toArray();
            if (!Arrays.equals(expected, read.shape())) {
                throw new DoesNotFit("the input '" + name + "' expects " + ShapeTrace.describe(expected)
                        + ", but the data gives " + ShapeTrace.describe(read.shape()));
            }
        }
        return read;
    }

    private static InputShape columns(List<String> columns, InputLayout layout) throws DoesNotFit {
        if (!layout.isTable()) {
            throw new DoesNotFit("an image has no columns: the input of an image model names none");
        }
        if (new HashSet<>(columns).size() != columns.size()) {
            throw new DoesNotFit("columns names a column twice");
        }
        int width = 0;
        List<InputLayout.Column> found = new java.util.ArrayList<>();
        for (String column : columns) {
            InputLayout.Column at = layout.column(column).orElseThrow(() -> new DoesNotFit("reads the column '"
                    + column + "', which is not among the run's features"));
            width += at.width();
            found.add(at);
        }
        return ids(new int[] {width}, found);
    }

    /**
     * The ids of columns that are all ids with one shift; none otherwise. {@code tokenColumns}: the
     * columns that are text token ids, which only an embedding reads.
     */
    static InputShape ids(int[] shape, List<InputLayout.Column> columns) {
        boolean ids = !columns.isEmpty() && columns.stream().allMatch(c -> c.ids() > 0)
                && columns.stream().map(InputLayout.Column::idShift).distinct().count() == 1;
        List<String> tokens = columns.stream().filter(InputLayout.Column::tokens).map(InputLayout.Column::name)
                .toList();
        return ids ? new InputShape(shape, columns.stream().mapToInt(InputLayout.Column::ids).max().orElse(0),
                columns.get(0).idShift(), tokens) : new InputShape(shape, 0, 0, tokens);
    }

}
