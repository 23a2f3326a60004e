package dev.kiln.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModelSpecTest {

    @Test
    void theOutputHeadIsTheLastDenseLayerWithTheActivationThatFollowsIt() {
        var spec = new ModelSpec("m", List.of(
                new LayerSpec.Dense(8, Activation.RELU, null),
                new LayerSpec.Dense(3, null, null),
                new LayerSpec.Dropout(null, null, 0.1),
                new LayerSpec.ActivationLayer(null, null, Activation.SOFTMAX)));

        assertThat(spec.outputHead()).contains(new ModelSpec.OutputHead(1, 3, Activation.SOFTMAX));
    }

    @Test
    void aModelWithoutDenseLayersHasNoOutputHead() {
        assertThat(new ModelSpec("m", List.of(new LayerSpec.Flatten(null, null))).outputHead()).isEmpty();
    }

    @Test
    void denseLayersDefaultToLinearWithBias() {
        var dense = new LayerSpec.Dense(4, null, null);

        assertThat(dense.activation()).isEqualTo(Activation.LINEAR);
        assertThat(dense.useBias()).isTrue();
    }
}
