package dev.kiln.explain;

import dev.kiln.domain.InvalidRequest;
import dev.kiln.feature.FeatureEncoder;
import dev.kiln.feature.FeaturePipeline;
import dev.kiln.feature.TextOptions;
import dev.kiln.model.InputLayout;
import dev.kiln.model.LayerSpec;
import dev.kiln.model.ModelGraph;
import dev.kiln.model.ModelSpec;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Attributions of encoded inputs summed back to the columns a caller sent: a one-hot group as its column, a text
 * column as its total with the tokens of the row listed, and which inputs are ids an embedding reads.
 */
public final class ColumnAttributions {
    private ColumnAttributions() {}

    /** One column's share of the attributed value. */
    @Schema(name = "ColumnAttribution")
    public record Column(String column, double attribution,
                  @Schema(description = "text columns: the row's tokens (in order of appearance for int mode, "
                          + "vocabulary order otherwise) with their attributions") @Nullable List<Token> tokens) {}

    /** One token of a text column and its attribution. */
    @Schema(name = "TokenAttribution")
    public record Token(String token, double attribution) {}

    /** The columns of one row ({@code row}: its index in {@code x}/{@code attributions}, {@code scale} applied). */
    static List<Column> of(FeaturePipeline pipeline, float[] x, float[] attributions, int row, double scale) {
        InputLayout layout = pipeline.layout();
        int width = layout.shape()[0];
        List<Column> columns = new ArrayList<>(pipeline.features().size());
        for (int c = 0; c < pipeline.features().size(); c++) {
            FeatureEncoder encoder = pipeline.features().get(c);
            InputLayout.Column at = layout.columns().get(c);
            int from = row * width + at.offset();
            double total = 0;
            for (int j = 0; j < at.width(); j++) {
                total += attributions[from + j];
            }
            List<Token> tokens = encoder instanceof FeatureEncoder.Text text
                    ? tokens(text, x, attributions, from, scale) : null;
            columns.add(new Column(encoder.column(), total * scale, tokens));
        }
        return columns;
    }

    private static List<Token> tokens(FeatureEncoder.Text text, float[] x, float[] attributions, int from,
                                      double scale) {
        List<Token> tokens = new ArrayList<>();
        List<String> vocabulary = text.vocabulary();
        boolean ids = text.options().outputMode() == TextOptions.OutputMode.INT;
        for (int j = 0; j < text.width(); j++) {
            float v = x[from + j];
            if (v == 0f) {
                continue; // padding, or a token the row does not have
            }
            int index = ids ? Math.round(v) - 2 : j - 1;
            String token = index < 0 ? "[UNK]" : index < vocabulary.size() ? vocabulary.get(index) : "[UNK]";
            tokens.add(new Token(token, attributions[from + j] * scale));
        }
        return tokens;
    }

    /**
     * Which encoded inputs an embedding reads as ids (null when none); 422 naming {@code method} when an input is
     * read both by an embedding and as a number, which one path cannot attribute.
     */
    static boolean @Nullable [] embedded(ModelSpec spec, InputLayout layout) {
        if (!layout.isTable()) {
            return null;
        }
        ModelGraph graph = ModelGraph.of(spec);
        Map<Integer, List<Integer>> readers = graph.readers();
        int width = layout.shape()[0];
        boolean[] embedded = new boolean[width];
        boolean any = false;
        for (ModelGraph.Node node : graph.nodes()) {
            if (!(node.layer() instanceof LayerSpec.Embedding)) {
                continue;
            }
            for (int input : node.inputs()) {
                int[][] ranges;
                if (input == ModelGraph.MODEL_INPUT) {
                    ranges = null;
                } else if (graph.node(input).layer() instanceof LayerSpec.Input in) {
                    ranges = layout.ranges(in, graph.node(input).name(), graph.inputs().size());
                } else {
                    continue; // an embedding of something computed: no ids of the caller's
                }
                boolean shared = readers.getOrDefault(input, List.of()).stream()
                        .anyMatch(reader -> !(graph.node(reader).layer() instanceof LayerSpec.Embedding));
                if (shared) {
                    throw new InvalidRequest("method", "integrated gradients cannot attribute "
                            + (input == ModelGraph.MODEL_INPUT ? "the model's input" : graph.node(input).label())
                            + ": an embedding reads it as ids and another layer as numbers");
                }
                for (int[] range : ranges == null ? new int[][] {{0, width}} : ranges) {
                    for (int j = range[0]; j < range[1]; j++) {
                        embedded[j] = true;
                        any = true;
                    }
                }
            }
        }
        return any ? embedded : null;
    }
}
