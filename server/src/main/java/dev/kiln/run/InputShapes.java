package dev.kiln.run;

import dev.kiln.dataset.ColumnProfile;
import dev.kiln.dataset.Dataset;
import dev.kiln.feature.PreprocessingOptions;
import dev.kiln.feature.TextOptions;
import dev.kiln.model.InputLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * The input a network sees for a dataset, before training: an image dataset's (channels, height, width) exactly; a
 * table's encoded width from its profile — one input per numeric or ordinal column, one per category of a one-hot
 * column — with where each column lies. That width is an upper bound (categories are fitted on the training split,
 * which may lack some), so a layer that does not fit it would not fit the real input either.
 */
public final class InputShapes {
    private InputShapes() {}

    /** An input, and whether it is exact or estimated from the profile. */
    public record Estimate(InputLayout layout, boolean exact) {
        public int[] shape() {
            return layout.shape();
        }
    }

    public static Estimate of(Dataset dataset, List<String> features, PreprocessingOptions options) {
        if (dataset.isImages()) {
            return new Estimate(InputLayout.of(dataset.getProfile().images().shape().dimensions()), true);
        }
        PreprocessingOptions effective = options == null ? PreprocessingOptions.defaults() : options;
        List<InputLayout.Column> columns = new ArrayList<>();
        int width = 0;
        boolean exact = true;
        for (String name : features) {
            if (effective.dropped().contains(name)) {
                continue;
            }
            ColumnProfile column = dataset.getProfile().column(name).orElse(null);
            if (column == null) {
                continue;
            }
            var settings = effective.settingsFor(name, column.isNumeric());
            int levels = column.levels().map(List::size).orElse((int) column.distinct());
            int columnWidth;
            int ids = 0;
            int idShift = 0;
            if (column.isNumeric() && settings.encode() != PreprocessingOptions.Encoding.ORDINAL) {
                columnWidth = 1;
            } else if (settings.encode() == PreprocessingOptions.Encoding.ORDINAL) {
                columnWidth = 1;
                ids = Math.max(1, levels) + 1;
                idShift = 1;
                exact = false;
            } else if (settings.encode() == PreprocessingOptions.Encoding.TEXT) {
                TextOptions text = TextOptions.of(settings);
                long tokens = column.text() != null ? column.text().vocabulary() : Math.max(1, column.distinct());
                if (text.outputMode() == TextOptions.OutputMode.INT) {
                    columnWidth = text.outputSequenceLength() == null ? 1 : text.outputSequenceLength();
                    ids = (int) Math.min(text.maxTokens(), tokens + 2);
                } else {
                    columnWidth = (int) Math.min(text.maxTokens(), tokens + 1);
                }
                exact = false;
            } else {
                columnWidth = Math.max(1, levels + (settings.impute() == PreprocessingOptions.Impute.CONSTANT
                        && column.missing() > 0 ? 1 : 0));
                exact = false;
            }
            columns.add(new InputLayout.Column(name, width, columnWidth, ids, idShift));
            width += columnWidth;
        }
        return new Estimate(new InputLayout(new int[] {Math.max(width, 1)}, columns), exact);
    }
}
