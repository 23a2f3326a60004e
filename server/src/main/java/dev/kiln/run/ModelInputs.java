package dev.kiln.run;

import dev.kiln.dataset.ColumnProfile;
import dev.kiln.dataset.DatasetProfile;
import dev.kiln.domain.Violation;
import dev.kiln.feature.PreprocessingOptions;
import dev.kiln.feature.TextOptions;
import dev.kiln.model.LayerSpec;
import dev.kiln.model.ModelGraph;
import dev.kiln.model.ModelSpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which dataset columns a model's {@code input} layers read, and which of them an embedding reads as ids: a run of
 * such a model takes those columns as its features unless it names its own, and encodes the embeddings' columns as
 * ids (ordinal) whatever the categorical default.
 */
public final class ModelInputs {
    private ModelInputs() {}

    /**
     * The columns the model's inputs name, in order of first appearance — an input without columns in a model with
     * several reads the column of its name — or empty when the model reads every feature.
     */
    public static Optional<List<String>> columns(ModelSpec spec, List<String> datasetColumns) {
        List<ModelGraph.Node> inputs = ModelGraph.of(spec).inputs();
        if (inputs.isEmpty() || inputs.size() == 1 && ((LayerSpec.Input) inputs.get(0).layer()).columns() == null) {
            return Optional.empty();
        }
        Set<String> columns = new LinkedHashSet<>();
        for (ModelGraph.Node node : inputs) {
            LayerSpec.Input input = (LayerSpec.Input) node.layer();
            if (input.columns() != null) {
                columns.addAll(input.columns());
            } else if (datasetColumns.contains(node.name())) {
                columns.add(node.name());
            }
        }
        return Optional.of(List.copyOf(columns));
    }

    /** The columns embeddings read as ids: those of the input layers they read, or every feature. */
    public static Set<String> idColumns(ModelSpec spec, List<String> features) {
        ModelGraph graph = ModelGraph.of(spec);
        Set<String> ids = new LinkedHashSet<>();
        for (ModelGraph.Node node : graph.nodes()) {
            if (!(node.layer() instanceof LayerSpec.Embedding)) {
                continue;
            }
            int source = node.inputs().get(0);
            if (source == ModelGraph.MODEL_INPUT) {
                ids.addAll(features);
            } else if (graph.node(source).layer() instanceof LayerSpec.Input input) {
                if (input.columns() != null) {
                    ids.addAll(input.columns());
                } else if (graph.inputs().size() == 1) {
                    ids.addAll(features);
                } else {
                    ids.add(graph.node(source).name());
                }
            }
        }
        return ids;
    }

    /**
     * The run's preprocessing with the embeddings' columns encoded as ids: categorical columns ordinal, text columns as
     * they are when their output mode is {@code int}; a violation when such a column is numeric, is asked to be
     * one-hot, or is text vectorized into another mode.
     */
    public static PreprocessingOptions withIdColumns(PreprocessingOptions options, Set<String> ids,
                                                     DatasetProfile profile, List<Violation> violations) {
        List<String> encoded = new ArrayList<>();
        for (String column : ids) {
            Optional<ColumnProfile> found = profile.column(column);
            if (found.isEmpty()) {
                continue;
            }
            var settings = options.settingsFor(column, found.get().isNumeric());
            if (found.get().isNumeric()) {
                violations.add(new Violation("modelId", "an embedding reads the column '" + column + "' as category "
                        + "ids, but it is numeric"));
            } else if (settings.encode() == PreprocessingOptions.Encoding.TEXT) {
                if (TextOptions.of(settings).outputMode() != TextOptions.OutputMode.INT) {
                    violations.add(new Violation("preprocessing.columns." + column + ".outputMode", "an embedding "
                            + "reads this text column as token ids: set outputMode int (and outputSequenceLength)"));
                }
            } else if (options.columns() != null && options.columns().containsKey(column)
                    && options.columns().get(column).encode() == PreprocessingOptions.Encoding.ONE_HOT) {
                violations.add(new Violation("preprocessing.columns." + column + ".encode", "an embedding reads this "
                        + "column as ids: it is encoded ordinal, not oneHot"));
            } else {
                encoded.add(column);
            }
        }
        return encoded.isEmpty() ? options : options.withOrdinal(encoded);
    }
}
