package dev.kiln.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Shapes and parameter counts agree with Keras's model.summary() for the same layers. */
class ShapeTraceTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static ModelSpec spec(String layers) {
        return JSON.readValue("{\"name\": \"m\", \"layers\": " + layers + "}", ModelSpec.class);
    }

    @Test
    void tracesTheFashionMnistBenchmarkCnnAsKerasSummarizesIt() {
        var trace = ShapeTrace.of(spec("""
                [{"type": "conv2d", "filters": 32, "kernelSize": 3, "activation": "relu"},
                 {"type": "maxPool2d", "poolSize": 2},
                 {"type": "conv2d", "filters": 64, "kernelSize": 3, "activation": "relu"},
                 {"type": "maxPool2d", "poolSize": 2},
                 {"type": "flatten"},
                 {"type": "dense", "units": 128, "activation": "relu"},
                 {"type": "dropout", "rate": 0.5},
                 {"type": "dense", "units": 10, "activation": "softmax"}]"""), new int[] {1, 28, 28});

        assertThat(trace.fits()).isTrue();
        assertThat(trace.steps()).extracting(s -> List.of(s.output().length > 1 ? s.output()[1] : -1, s.output()[0]))
                .containsExactly(List.of(26, 32), List.of(13, 32), List.of(11, 64), List.of(5, 64), List.of(-1, 1600),
                        List.of(-1, 128), List.of(-1, 128), List.of(-1, 10));
        assertThat(trace.steps()).extracting(ShapeTrace.Step::parameters)
                .containsExactly(320L, 0L, 18_496L, 0L, 0L, 204_928L, 0L, 1_290L);
        assertThat(trace.parameters()).isEqualTo(225_034);
        assertThat(trace.largestActivation()).isEqualTo(32 * 26 * 26);
        assertThat(trace.multiplyAccumulates()).isEqualTo(26 * 26 * 32 * 9 + 11 * 11 * 64 * 9 * 32 + 1600 * 128
                + 128 * 10);
    }

    @Test
    void samePaddingKeepsCeilOfInputOverStrideAndPutsTheOddPixelLast() {
        var trace = ShapeTrace.of(spec("""
                [{"type": "conv2d", "filters": 4, "kernelSize": [3, 4], "strides": 2, "padding": "same"},
                 {"type": "batchNorm"},
                 {"type": "avgPool2d", "poolSize": 3, "strides": [1, 2], "padding": "same"},
                 {"type": "globalAvgPool2d"},
                 {"type": "dense", "units": 2}]"""), new int[] {3, 7, 9});

        assertThat(trace.steps().get(0).output()).containsExactly(4, 4, 5);
        assertThat(trace.steps().get(0).padding()).containsExactly(1, 1, 1, 2);
        assertThat(trace.steps().get(1).parameters()).isEqualTo(16);
        assertThat(trace.steps().get(1).trainable()).isEqualTo(8);
        assertThat(trace.steps().get(2).output()).containsExactly(4, 4, 3);
        assertThat(trace.steps().get(3).output()).containsExactly(4);
        assertThat(trace.trainableParameters()).isEqualTo(trace.parameters() - 8);
    }

    @Test
    void dilationWidensTheKernelsReach() {
        var trace = ShapeTrace.of(spec("""
                [{"type": "conv2d", "filters": 2, "kernelSize": 3, "dilation": 2}, {"type": "flatten"},
                 {"type": "dense", "units": 1}]"""), new int[] {1, 10, 10});

        assertThat(trace.steps().get(0).output()).containsExactly(2, 6, 6);
    }

    @Test
    void oneDimensionalLayersReadAFlatInputAsOneChannel() {
        var trace = ShapeTrace.of(spec("""
                [{"type": "conv1d", "filters": 8, "kernelSize": 3}, {"type": "maxPool1d"}, {"type": "flatten"},
                 {"type": "dense", "units": 1}]"""), new int[] {20});

        assertThat(trace.steps().get(0).received()).containsExactly(1, 20);
        assertThat(trace.steps().get(0).output()).containsExactly(8, 18);
        assertThat(trace.steps().get(0).parameters()).isEqualTo(3 * 8 + 8);
        assertThat(trace.steps().get(1).output()).containsExactly(8, 9);
        assertThat(trace.steps().get(2).output()).containsExactly(72);
    }

    @Test
    void namesTheFirstLayerThatDoesNotFitAndWhy() {
        assertThat(ShapeTrace.of(spec("""
                [{"type": "conv2d", "filters": 2, "kernelSize": 5}, {"type": "conv2d", "filters": 2, "kernelSize": 5},
                 {"type": "flatten"}, {"type": "dense", "units": 1}]"""), new int[] {1, 8, 8}).misfit())
                .hasValueSatisfying(m -> {
                    assertThat(m.path()).isEqualTo("layers[1]");
                    assertThat(m.reason()).isEqualTo("the 5×5 kernel does not fit the 4×4 input; use a smaller kernel "
                            + "or padding 'same'");
                });
        assertThat(ShapeTrace.of(spec("[{\"type\": \"conv2d\", \"filters\": 2, \"kernelSize\": 3}, "
                + "{\"type\": \"dense\", \"units\": 1}]"), new int[] {4}).misfit().orElseThrow().reason())
                .contains("needs images").contains("use conv1d");
        assertThat(ShapeTrace.of(spec("[{\"type\": \"dense\", \"units\": 3}]"), new int[] {1, 4, 4}).misfit()
                .orElseThrow().reason()).contains("add flatten or globalAvgPool2d before it");
        assertThat(ShapeTrace.of(spec("[{\"type\": \"dense\", \"units\": 3}, {\"type\": \"maxPool1d\"}]"),
                new int[] {4}).misfit().orElseThrow().reason()).contains("must be flat");
    }

    @Test
    void windowsAreReadAsOneIntegerOrHeightAndWidthAndWrittenAsHeightAndWidth() {
        var conv = (Convolutions.Conv2d) spec("[{\"type\": \"conv2d\", \"filters\": 2, \"kernelSize\": [3, 5]}, "
                + "{\"type\": \"dense\", \"units\": 1}]").layers().get(0);

        assertThat(conv.kernelSize()).isEqualTo(new Window(3, 5));
        assertThat(conv.strides()).isEqualTo(Window.square(1));
        assertThat(JSON.writeValueAsString(conv)).contains("\"kernelSize\":[3,5]").contains("\"strides\":[1,1]");
    }

    private static ModelSpec example(String name) throws java.io.IOException {
        return JSON.readValue(java.nio.file.Files.readString(java.nio.file.Path.of("../examples/models", name)),
                ModelSpec.class);
    }

    @Test
    void tracesTheResidualCnnExampleToKerasCount() throws Exception {
        var residual = ShapeTrace.of(example("residual-cnn.json"), new int[] {1, 28, 28});
        var plain = ShapeTrace.of(example("plain-cnn.json"), new int[] {1, 28, 28});

        assertThat(residual.misfit()).isEmpty();
        assertThat(residual.parameters()).as("Keras 3.15.1 count_params, bench/python/keras_models.py").isEqualTo(9930);
        assertThat(plain.parameters()).isEqualTo(9930);
        var add = residual.steps().stream().filter(s -> s.type().equals("add")).findFirst().orElseThrow();
        assertThat(add.inputs()).containsExactly("block1_bn2", "block0");
        assertThat(add.output()).containsExactly(16, 14, 14);
    }

    @Test
    void tracesTheWideAndDeepExampleToKerasCountReadingItsColumns() throws Exception {
        ModelSpec spec = example("wide-and-deep.json");
        List<InputLayout.Column> columns = new java.util.ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String name = ((LayerSpec.Input) spec.layers().get(1)).columns().get(i);
            columns.add(new InputLayout.Column(name, i, 1));
        }

        var trace = ShapeTrace.of(spec, new InputLayout(new int[] {30}, columns));

        assertThat(trace.misfit()).isEmpty();
        assertThat(trace.parameters()).as("Keras 3.15.1 count_params, bench/python/keras_models.py").isEqualTo(1547);
        assertThat(trace.steps().get(0).output()).containsExactly(10);
        assertThat(trace.steps().get(4).output()).containsExactly(26);
    }
}
