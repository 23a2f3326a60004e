package dev.kiln.model;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Optional;

/** A model definition in Kiln JSON: a name and the layers, in the order they run (see {@link ModelGraph}). */
public record ModelSpec(@NotBlank @Size(max = 200) String name,
                        @NotEmpty @Size(max = 200) List<@Valid @NotNull LayerSpec> layers) {

    public ModelSpec {
        layers = MatrixFactorization.expand(layers);
    }

    /** The layer that produces the model's output and the activation applied after it. */
    public record OutputHead(int layerIndex, int units, Activation activation) {
        public String path() {
            return "layers[" + layerIndex + "]";
        }
    }

    /**
     * The layer that produces the model's output and the activation applied to it: walking back from the output
     * through activation, dropout, batch normalization, flatten and identity layers (which do not change the output's
     * width), a dense layer with its own activation or that of the activation layer after it — or a {@code dot}
     * (one value, linear unless an activation layer follows). Empty when the model ends otherwise, or is not a valid
     * graph.
     */
    public Optional<OutputHead> outputHead() {
        ModelGraph graph;
        try {
            graph = ModelGraph.of(this);
        } catch (dev.kiln.domain.InvalidRequest e) {
            return Optional.empty();
        }
        Activation after = null;
        ModelGraph.Node node = graph.output();
        while (true) {
            LayerSpec layer = node.layer();
            if (layer instanceof LayerSpec.Dense dense) {
                return Optional.of(new OutputHead(node.index(), dense.units(),
                        after != null ? after : dense.activation()));
            }
            if (layer instanceof Merge.Dot) {
                return Optional.of(new OutputHead(node.index(), 1, after != null ? after : Activation.LINEAR));
            }
            if (layer instanceof Merge.Add && !node.inputs().isEmpty()
                    && node.inputs().get(0) != ModelGraph.MODEL_INPUT) {
                node = graph.node(node.inputs().get(0)); // a sum (a dot product plus biases) is as wide as its terms
                continue;
            }
            if (layer instanceof LayerSpec.ActivationLayer a) {
                after = after != null ? after : a.function();
            } else if (!(layer instanceof LayerSpec.Dropout || layer instanceof LayerSpec.BatchNorm
                    || layer instanceof LayerSpec.Flatten || layer instanceof Reshaping.Identity)) {
                return Optional.empty();
            }
            if (node.inputs().size() != 1 || node.inputs().get(0) == ModelGraph.MODEL_INPUT) {
                return Optional.empty();
            }
            node = graph.node(node.inputs().get(0));
        }
    }

    /** The layers of the output chain whose activation is the model's output activation: the last one applied. */
    public Optional<Integer> outputActivationLayer() {
        return outputHead().map(head -> {
            ModelGraph graph = ModelGraph.of(this);
            ModelGraph.Node node = graph.output();
            while (node.index() != head.layerIndex()) {
                if (node.layer() instanceof LayerSpec.ActivationLayer) {
                    return node.index();
                }
                node = graph.node(node.inputs().get(0));
            }
            return head.layerIndex();
        });
    }
}
