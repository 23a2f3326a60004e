package dev.kiln.run;

import dev.kiln.dataset.ColumnProfile;
import dev.kiln.dataset.Dataset;
import dev.kiln.feature.PreprocessingOptions;
import java.util.List;

/**
 * The input a network sees for a dataset, before training: an image dataset's (channels, height, width) exactly; a
 * table's encoded width from its profile — one input per numeric or ordinal column, one per category of a one-hot
 * column. That width is an upper bound (one-hot categories are fitted on the training split, which may lack some),
 * so a layer that does not fit it would not fit the real input either.
 */
public final class InputShapes {
    private InputShapes() {}

    /** An input shape, and whether it is exact or estimated from the profile. */
    public record Estimate(int[] shape, boolean exact) {}

    public static Estimate of(Dataset dataset, List<String> features, PreprocessingOptions options) {
        if (dataset.isImages()) {
            return new Estimate(dataset.getProfile().images().shape().dimensions(), true);
        }
        PreprocessingOptions effective = options == null ? PreprocessingOptions.defaults() : options;
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
            if (column.isNumeric() || settings.encode() == PreprocessingOptions.Encoding.ORDINAL) {
                width += 1;
            } else {
                width += (int) Math.max(1, column.levels().map(List::size).orElse((int) column.distinct())
                        + (settings.impute() == PreprocessingOptions.Impute.CONSTANT && column.missing() > 0 ? 1 : 0));
                exact = false;
            }
        }
        return new Estimate(new int[] {Math.max(width, 1)}, exact);
    }
}
