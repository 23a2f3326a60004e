package dev.kiln.model;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Optional;

/** A model definition in Kiln JSON: a name and the layers, input first. */
public record ModelSpec(@NotBlank @Size(max = 200) String name,
                        @NotEmpty @Size(max = 200) List<@Valid @NotNull LayerSpec> layers) {

    /** The layer that produces the model's output and the activation applied after it. */
    public record OutputHead(int layerIndex, int units, Activation activation) {
        public String path() {
            return "layers[" + layerIndex + "]";
        }
    }

    /**
     * The last dense layer and the activation that follows it: its own, or that of an {@code activation} layer
     * after it (dropout, batch normalization and flatten between them do not change the output's width).
     */
    public Optional<OutputHead> outputHead() {
        for (int i = layers.size() - 1; i >= 0; i--) {
            if (layers.get(i) instanceof LayerSpec.Dense dense) {
                Activation activation = dense.activation();
                for (int j = i + 1; j < layers.size(); j++) {
                    if (layers.get(j) instanceof LayerSpec.ActivationLayer a) {
                        activation = a.function();
                    }
                }
                return Optional.of(new OutputHead(i, dense.units(), activation));
            }
        }
        return Optional.empty();
    }
}
