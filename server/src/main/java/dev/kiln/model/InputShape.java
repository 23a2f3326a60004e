package dev.kiln.model;

import dev.kiln.model.LayerShapes.DoesNotFit;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;

/**
 * What one {@code input} layer reads from the model's input: its shape, and the vocabulary of the ids it carries
 * when every column it reads is encoded as ids (what an embedding after it takes as its input dimension).
 */
record InputShape(int[] shape, int vocabulary) {

    static InputShape of(LayerSpec.Input input, String name, int inputs, InputLayout layout) throws DoesNotFit {
        InputShape read;
        if (input.columns() != null) {
            read = columns(input.columns(), layout);
        } else if (inputs == 1) {
            List<InputLayout.Column> all = layout.columns();
            boolean ids = !all.isEmpty() && all.stream().allMatch(c -> c.vocabulary() > 0);
            read = new InputShape(layout.shape(), ids ? all.stream().mapToInt(InputLayout.Column::vocabulary).max()
                    .orElse(0) + 1 : 0);
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
        int vocabulary = 0;
        boolean ids = true;
        for (String column : columns) {
            InputLayout.Column found = layout.column(column).orElseThrow(() -> new DoesNotFit("reads the column '"
                    + column + "', which is not among the run's features"));
            width += found.width();
            ids &= found.vocabulary() > 0;
            vocabulary = Math.max(vocabulary, found.vocabulary());
        }
        return new InputShape(new int[] {width}, ids ? vocabulary + 1 : 0);
    }
}
