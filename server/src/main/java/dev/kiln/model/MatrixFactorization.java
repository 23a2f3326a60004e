package dev.kiln.model;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Shorthand for matrix factorization, a model's only layer, expanded when the model is defined into the graph it
 * stands for: inputs {@code user} and {@code item} (a recommender run feeds them its user and item columns), one
 * {@code factors}-wide embedding each, their {@code dot} — plus, with {@code biases}, a 1-wide embedding per user
 * and per item, {@code add}ed to it — then {@code flatten}: the score of a user for an item. Unknown users and items
 * (id 0) have zero vectors and biases ({@code maskZero}).
 *
 * @param factors the width of the user and item vectors
 * @param biases whether a per-user and a per-item bias are learned (default true)
 * @param l2 the embeddings' penalty on the rows a batch touches (default 0)
 */
@Schema(description = "Shorthand for matrix factorization (a model's only layer): expands into input user → "
        + "embedding, input item → embedding, dot, plus per-user and per-item biases (1-wide embeddings) added")
public record MatrixFactorization(@Schema(description = LayerSpec.NAME) @Size(max = 100) @Nullable String name,
                                  @Schema(description = "none: it reads the run's user and item columns")
                                  @Size(max = 0, message = "matrixFactorization reads the user and item inputs itself")
                                  @Nullable List<String> inputs,
                                  @Schema(description = "the width of the user and item vectors")
                                  @Positive @Max(4096) Integer factors,
                                  @Schema(description = "learn a bias per user and per item (default true)")
                                  Boolean biases,
                                  @Schema(description = "l2 on the vectors a batch looks up (default 0)")
                                  @DecimalMin("0.0") @DecimalMax("10.0") Double l2) implements LayerSpec {
    public static final int FACTORS = 32;

    public MatrixFactorization {
        factors = factors == null ? FACTORS : factors;
        biases = biases == null ? Boolean.TRUE : biases;
        l2 = l2 == null ? 0.0 : l2;
    }

    /** The layers with a shorthand (which must be the only layer) replaced by its graph. */
    static List<LayerSpec> expand(List<LayerSpec> layers) {
        if (layers == null || layers.stream().noneMatch(MatrixFactorization.class::isInstance)) {
            return layers;
        }
        if (layers.size() != 1) {
            return layers; // ModelGraph refuses it, naming the layer
        }
        return ((MatrixFactorization) layers.get(0)).graph();
    }

    /** The graph this shorthand stands for. */
    public List<LayerSpec> graph() {
        List<LayerSpec> graph = new ArrayList<>();
        graph.add(new LayerSpec.Input("user", null, null, null));
        graph.add(new LayerSpec.Input("item", null, null, null));
        graph.add(embedding("user_factors", "user", factors));
        graph.add(embedding("item_factors", "item", factors));
        graph.add(new Merge.Dot("score", List.of("user_factors", "item_factors"), null, null));
        String last = "score";
        if (biases) {
            graph.add(embedding("user_bias", "user", 1));
            graph.add(embedding("item_bias", "item", 1));
            graph.add(new Merge.Add("score_with_biases", List.of("score", "user_bias", "item_bias")));
            last = "score_with_biases";
        }
        graph.add(new LayerSpec.Flatten(name == null ? "output" : name, List.of(last)));
        return graph;
    }

    private LayerSpec.Embedding embedding(String name, String input, int width) {
        return new LayerSpec.Embedding(name, List.of(input), null, width, true, null, l2);
    }
}
