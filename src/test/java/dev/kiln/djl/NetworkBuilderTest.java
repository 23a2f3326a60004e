package dev.kiln.djl;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.nn.SequentialBlock;
import dev.kiln.model.Activation;
import dev.kiln.model.LayerSpec;
import dev.kiln.model.ModelSpec;
import dev.kiln.run.Task;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A final sigmoid or softmax is folded into the loss, never applied twice; everything else is kept. */
class NetworkBuilderTest {

    private static List<String> blocks(SequentialBlock block) {
        return block.getChildren().values().stream().map(b -> b.getClass().getSimpleName()).toList();
    }

    @Test
    void leavesOutTheFinalSigmoidOfABinaryClassifier() {
        var spec = new ModelSpec("m", List.of(new LayerSpec.Dense(8, Activation.RELU, null),
                new LayerSpec.Dense(1, Activation.SIGMOID, null)));

        assertThat(blocks(NetworkBuilder.build(spec, Task.BINARY))).containsExactly("Linear", "LambdaBlock", "Linear");
    }

    @Test
    void leavesOutAFinalSoftmaxLayerButKeepsHiddenActivations() {
        var spec = new ModelSpec("m", List.of(new LayerSpec.Dense(8, Activation.TANH, null),
                new LayerSpec.Dense(3, null, null), new LayerSpec.ActivationLayer(Activation.SOFTMAX)));

        assertThat(blocks(NetworkBuilder.build(spec, Task.MULTICLASS))).containsExactly("Linear", "LambdaBlock",
                "Linear");
    }

    @Test
    void keepsEveryLayerOfARegressionModel() {
        var spec = new ModelSpec("m", List.of(new LayerSpec.Dense(8, Activation.RELU, null),
                new LayerSpec.BatchNorm(null, null), new LayerSpec.Dropout(0.5), new LayerSpec.Dense(1, null, null)));

        assertThat(blocks(NetworkBuilder.build(spec, Task.REGRESSION)))
                .containsExactly("Linear", "LambdaBlock", "BatchNorm", "FastDropout", "Linear");
    }
}
