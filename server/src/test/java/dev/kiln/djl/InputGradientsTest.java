package dev.kiln.djl;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import dev.kiln.inference.ModelRuntime;
import dev.kiln.model.ModelSpec;
import dev.kiln.run.Task;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gradients attributions are made of are the network's: along a random direction, the gradient's directional
 * derivative matches a central finite difference of the values, for each family of layers attributions go through.
 * (The convolution cases caught the engine's wrong batched input gradient of a convolution on the AMD EPYC CI machine,
 * which {@link ConvolutionCheck} now detects.)
 */
class InputGradientsTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    record Case(String name, String layers, Task task, int[] shape, ModelRuntime.Readout readout) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() {
        return List.of(
                new Case("a tanh MLP's probability", """
                        [{"type": "dense", "units": 8, "activation": "tanh"},
                         {"type": "dense", "units": 1, "activation": "sigmoid"}]""", Task.BINARY, new int[] {5},
                        ModelRuntime.Readout.PROBABILITY),
                new Case("a convolution, softmax", """
                        [{"type": "conv2d", "filters": 4, "kernelSize": 3, "activation": "tanh"}, {"type": "flatten"},
                         {"type": "dense", "units": 3, "activation": "softmax"}]""", Task.MULTICLASS,
                        new int[] {1, 8, 8}, ModelRuntime.Readout.PROBABILITY),
                new Case("a flattened image, softmax", """
                        [{"type": "flatten"},
                         {"type": "dense", "units": 3, "activation": "softmax"}]""", Task.MULTICLASS,
                        new int[] {1, 8, 8}, ModelRuntime.Readout.PROBABILITY),
                new Case("max pooling, softmax", """
                        [{"type": "maxPool2d", "poolSize": 2}, {"type": "flatten"},
                         {"type": "dense", "units": 3, "activation": "softmax"}]""", Task.MULTICLASS,
                        new int[] {1, 8, 8}, ModelRuntime.Readout.PROBABILITY),
                new Case("a dense softmax", """
                        [{"type": "dense", "units": 3, "activation": "softmax"}]""", Task.MULTICLASS,
                        new int[] {64}, ModelRuntime.Readout.PROBABILITY),
                new Case("a CNN with max pooling, softmax", """
                        [{"type": "conv2d", "filters": 4, "kernelSize": 3, "activation": "tanh"},
                         {"type": "maxPool2d", "poolSize": 2}, {"type": "flatten"},
                         {"type": "dense", "units": 3, "activation": "softmax"}]""", Task.MULTICLASS,
                        new int[] {1, 8, 8}, ModelRuntime.Readout.PROBABILITY),
                new Case("a CNN with two convolutions, logits", """
                        [{"type": "conv2d", "filters": 4, "kernelSize": 3, "activation": "gelu"},
                         {"type": "maxPool2d", "poolSize": 2},
                         {"type": "conv2d", "filters": 4, "kernelSize": 3, "activation": "gelu"},
                         {"type": "maxPool2d"}, {"type": "flatten"}, {"type": "dense", "units": 8, "activation": "gelu"},
                         {"type": "dense", "units": 3, "activation": "softmax"}]""", Task.MULTICLASS,
                        new int[] {1, 16, 16}, ModelRuntime.Readout.LOGIT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theGradientMatchesFiniteDifferencesOfTheValues(Case c) {
        ModelSpec spec = JSON.readValue("{\"name\": \"m\", \"layers\": " + c.layers() + "}", ModelSpec.class);
        // smooth activations and seeded weights: a finite difference across a ReLU's kink, or across a max pool's
        // switch, would disagree with any gradient
        DjlRuntime.device(dev.kiln.run.spec.Device.CPU);
        ai.djl.engine.Engine.getEngine(DjlRuntime.ENGINE).setRandomSeed(11);
        try (Model model = Model.newInstance("gradients", Device.cpu(), DjlRuntime.ENGINE)) {
            Block block = NetworkBuilder.build(spec, c.task(), c.shape());
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, TrainingLoop.batchOf(1, c.shape()));
            int width = java.util.Arrays.stream(c.shape()).reduce(1, (a, b) -> a * b);
            Random random = new Random(7);
            int rows = 4;
            float[] x = new float[rows * width];
            float[] direction = new float[rows * width];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) random.nextGaussian();
                direction[i] = (float) random.nextGaussian();
            }
            int[] outputs = {0, 1, 0, 1};
            float epsilon = 1e-3f;
            float[] plus = x.clone();
            float[] minus = x.clone();
            for (int i = 0; i < x.length; i++) {
                plus[i] += epsilon * direction[i];
                minus[i] -= epsilon * direction[i];
            }
            var at = InputGradients.of(model, block, c.shape(), 2, x, rows, outputs, c.readout(), null);
            var up = InputGradients.of(model, block, c.shape(), 2, plus, rows, outputs, c.readout(), null);
            var down = InputGradients.of(model, block, c.shape(), 2, minus, rows, outputs, c.readout(), null);
            for (int r = 0; r < rows; r++) {
                double analytic = 0;
                for (int j = 0; j < width; j++) {
                    analytic += at.gradients()[r * width + j] * direction[r * width + j];
                }
                double numeric = (up.values()[r] - down.values()[r]) / (2 * epsilon);
                assertThat(analytic).as("row %d", r).isCloseTo(numeric,
                        org.assertj.core.data.Offset.offset(0.02 * Math.abs(numeric) + 1e-3));
            }
        }
    }
}
