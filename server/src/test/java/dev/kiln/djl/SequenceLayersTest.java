package dev.kiln.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.kiln.model.InputLayout;
import dev.kiln.model.ModelSpec;
import dev.kiln.model.ShapeTrace;
import dev.kiln.run.Task;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sequence layers over text ids with a padding mask: padding changes nothing (appended, or more of it), a recurrent
 * layer's last state is the one after the last token (masked positions skipped, as Keras skips them), gradients
 * reach every parameter, and the built network has the parameters the dry run counts.
 */
class SequenceLayersTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int VOCABULARY = 20;

    private static final String EMBED = """
            {"type": "embedding", "outputDim": 6, "maskZero": true},""";

    static List<String> models() {
        return List.of(
                "[" + EMBED + """
                 {"type": "lstm", "units": 5}, {"type": "dense", "units": 2, "activation": "softmax"}]""",
                "[" + EMBED + """
                 {"type": "gru", "units": 5}, {"type": "dense", "units": 2, "activation": "softmax"}]""",
                "[" + EMBED + """
                 {"type": "bidirectional", "layer": {"type": "lstm", "units": 4}},
                 {"type": "dense", "units": 2, "activation": "softmax"}]""",
                "[" + EMBED + """
                 {"type": "bidirectional", "layer": {"type": "gru", "units": 3, "returnSequences": true},
                  "mergeMode": "sum"},
                 {"type": "globalMaxPool1d"}, {"type": "dense", "units": 2, "activation": "softmax"}]""",
                "[" + EMBED + """
                 {"type": "positionalEmbedding", "maxLength": 16},
                 {"type": "transformerEncoder", "numHeads": 2, "ffDim": 8},
                 {"type": "globalAvgPool1d"}, {"type": "dense", "units": 2, "activation": "softmax"}]""",
                "[" + EMBED + """
                 {"type": "multiHeadAttention", "numHeads": 3, "keyDim": 2}, {"type": "layerNorm"},
                 {"type": "lstm", "units": 4, "returnSequences": true}, {"type": "globalAvgPool1d"},
                 {"type": "dense", "units": 2, "activation": "softmax"}]""");
    }

    private static ModelSpec spec(String layers) {
        return JSON.readValue("{\"name\": \"m\", \"layers\": " + layers + "}", ModelSpec.class);
    }

    private static InputLayout text(int length) {
        return new InputLayout(new int[] {length}, List.of(new InputLayout.Column("t", 0, length, VOCABULARY, 0)));
    }

    private static Block built(ModelSpec spec, NDManager manager, int length) {
        Engine.getInstance().setRandomSeed(5);
        Block network = NetworkBuilder.build(spec, Task.MULTICLASS, text(length));
        network.initialize(manager, DataType.FLOAT32, new Shape(2, length));
        return network;
    }

    private static float[] forward(Block network, NDManager manager, float[][] rows) {
        NDArray x = manager.create(rows);
        return network.forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow()
                .toFloatArray();
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("models")
    void morePaddingChangesNoOutput(String layers) {
        try (NDManager manager = NDManager.newBaseManager(DjlRuntime.ENGINE)) {
            Block network = built(spec(layers), manager, 8);
            float[] padded = forward(network, manager, new float[][] {{3, 7, 2, 9, 0, 0, 0, 0}, {4, 4, 5, 0, 0, 0, 0,
                    0}});
            float[] longer = forward(network, manager, new float[][] {{3, 7, 2, 9, 0, 0, 0, 0, 0, 0, 0, 0},
                    {4, 4, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0}});

            assertThat(longer).usingComparatorWithPrecision(1e-5f).containsExactly(padded);
        }
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("models")
    void aPaddedRowGivesWhatItsTokensAloneGive(String layers) {
        try (NDManager manager = NDManager.newBaseManager(DjlRuntime.ENGINE)) {
            Block network = built(spec(layers), manager, 8);
            float[] padded = forward(network, manager, new float[][] {{3, 7, 2, 0, 0, 0, 0, 0}});
            float[] alone = forward(network, manager, new float[][] {{3, 7, 2}});

            assertThat(padded).usingComparatorWithPrecision(1e-5f).containsExactly(alone);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"lstm", "gru"})
    void aRecurrentLayerSkipsMaskedStepsInTheMiddleAsKerasDoes(String type) {
        ModelSpec spec = spec("[" + EMBED + "{\"type\": \"" + type + "\", \"units\": 5}, {\"type\": \"dense\", "
                + "\"units\": 2, \"activation\": \"softmax\"}]");
        try (NDManager manager = NDManager.newBaseManager(DjlRuntime.ENGINE)) {
            Block network = built(spec, manager, 6);
            float[] gaps = forward(network, manager, new float[][] {{3, 0, 7, 0, 2, 0}});
            float[] tokens = forward(network, manager, new float[][] {{3, 7, 2}});
            float[] other = forward(network, manager, new float[][] {{7, 3, 2}});

            assertThat(gaps).usingComparatorWithPrecision(1e-5f).containsExactly(tokens);
            assertThat(other[0]).isNotCloseTo(tokens[0], within(1e-6f));
        }
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("models")
    void gradientsReachEveryParameter(String layers) {
        try (NDManager manager = NDManager.newBaseManager(DjlRuntime.ENGINE)) {
            Block network = built(spec(layers), manager, 8);
            NDArray x = manager.create(new float[][] {{3, 7, 2, 9, 1, 0, 0, 0}, {4, 4, 5, 6, 8, 11, 12, 19}});
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray out = network.forward(new ParameterStore(manager, false), new NDList(x), true)
                        .singletonOrThrow();
                collector.backward(out.get(":, 0").sum());
            }
            network.getParameters().forEach(p -> assertThat(p.getValue().getArray().getGradient().abs().sum()
                    .getFloat()).as(p.getKey()).isGreaterThan(0f));
        }
    }

    /**
     * Each batch in its own scope, as the training loop runs them: closing the scope must leave every parameter open
     * (a positional table as long as the sequence once went with its batch) and the same input gives the same output.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("models")
    void batchesInTheirOwnScopesLeaveTheParametersIntact(String layers) {
        float[] row = {3, 7, 2, 9, 1, 5, 6, 8, 11, 12, 19, 4, 4, 0, 0, 0};
        try (NDManager manager = NDManager.newBaseManager(DjlRuntime.ENGINE)) {
            Block network = built(spec(layers), manager, 16);
            float[] first = null;
            for (int batch = 0; batch < 3; batch++) {
                try (NDManager scope = manager.newSubManager()) {
                    NDArray x = scope.create(new float[][] {row});
                    float[] out;
                    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        NDArray y = network.forward(new ParameterStore(scope, false), new NDList(x), true)
                                .singletonOrThrow();
                        out = y.toFloatArray();
                        collector.backward(y.get(":, 0").sum());
                    }
                    first = first == null ? out : first;
                    assertThat(out).as("batch %d", batch).usingComparatorWithPrecision(1e-5f).containsExactly(first);
                }
                network.getParameters().forEach(p -> assertThat(p.getValue().getArray().isReleased())
                        .as(p.getKey()).isFalse());
            }
        }
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("models")
    void theBuiltNetworkHasTheParametersTheDryRunCounts(String layers) {
        ModelSpec spec = spec(layers);
        try (NDManager manager = NDManager.newBaseManager(DjlRuntime.ENGINE)) {
            Block network = built(spec, manager, 8);
            long built = network.getParameters().values().stream().mapToLong(p -> p.getArray().size()).sum();

            assertThat(built).isEqualTo(ShapeTrace.of(spec, text(8)).parameters());
        }
    }
}
