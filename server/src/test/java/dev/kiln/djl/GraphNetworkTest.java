package dev.kiln.djl;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.kiln.model.InputLayout;
import dev.kiln.model.ModelSpec;
import dev.kiln.run.Task;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The graph executor computes what the layers say: a stack run as a graph gives the stack's outputs exactly (the same
 * parameters, initialized in the same order), merges compute Keras's merges, input layers slice their columns, and an
 * embedding looks up one vector per id.
 */
class GraphNetworkTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static ModelSpec spec(String layers) {
        return JSON.readValue("{\"name\": \"m\", \"layers\": " + layers + "}", ModelSpec.class);
    }

    private static float[] forward(Block block, NDManager manager, int[] shape, NDArray x, boolean training) {
        Engine.getInstance().setRandomSeed(11);
        block.initialize(manager, DataType.FLOAT32, TrainingLoop.batchOf(4, shape));
        return block.forward(new ParameterStore(manager, false), new NDList(x), training).singletonOrThrow()
                .toFloatArray();
    }

    @Test
    void aStackRunAsAGraphComputesExactlyWhatTheStackComputes() {
        ModelSpec cnn = spec("""
                [{"type": "conv2d", "filters": 4, "kernelSize": 3, "padding": "same", "activation": "relu"},
                 {"type": "batchNorm"}, {"type": "maxPool2d"}, {"type": "flatten"}, {"type": "dropout", "rate": 0.3},
                 {"type": "dense", "units": 3, "activation": "softmax"}]""");
        int[] shape = {1, 8, 8};
        try (NDManager manager = NDManager.newBaseManager(DjlRuntime.ENGINE)) {
            Engine.getInstance().setRandomSeed(3);
            NDArray x = manager.randomNormal(TrainingLoop.batchOf(4, shape));
            Block stack = NetworkBuilder.build(cnn, Task.MULTICLASS, InputLayout.of(shape), false);
            Block graph = NetworkBuilder.build(cnn, Task.MULTICLASS, InputLayout.of(shape), true);

            assertThat(graph).isInstanceOf(GraphNetwork.class);
            assertThat(forward(graph, manager, shape, x, false)).containsExactly(forward(stack, manager, shape, x,
                    false));
            assertThat(forward(graph, manager, shape, x, true)).containsExactly(forward(stack, manager, shape, x,
                    true));
        }
    }

    @Test
    void aStackRunAsAGraphGetsExactlyTheStacksGradients() {
        ModelSpec cnn = spec("""
                [{"type": "conv2d", "filters": 4, "kernelSize": 3, "padding": "same"}, {"type": "batchNorm"},
                 {"type": "activation", "function": "relu"}, {"type": "maxPool2d"}, {"type": "flatten"},
                 {"type": "dense", "units": 3}]""");
        int[] shape = {1, 8, 8};
        try (NDManager manager = NDManager.newBaseManager(DjlRuntime.ENGINE)) {
            Engine.getInstance().setRandomSeed(5);
            NDArray x = manager.randomNormal(TrainingLoop.batchOf(4, shape));
            java.util.List<float[]> gradients = new java.util.ArrayList<>();
            for (boolean asGraph : new boolean[] {false, true}) {
                Block block = NetworkBuilder.build(cnn, Task.MULTICLASS, InputLayout.of(shape), asGraph);
                Engine.getInstance().setRandomSeed(11);
                block.initialize(manager, DataType.FLOAT32, TrainingLoop.batchOf(4, shape));
                try (var collector = Engine.getInstance().newGradientCollector()) {
                    NDArray out = block.forward(new ParameterStore(manager, false), new NDList(x), true)
                            .singletonOrThrow();
                    collector.backward(out.square().sum());
                }
                java.util.List<Float> values = new java.util.ArrayList<>();
                block.getParameters().values().forEach(p -> {
                    if (p.requiresGradient()) {
                        for (float v : p.getArray().getGradient().toFloatArray()) {
                            values.add(v);
                        }
                    }
                });
                float[] flat = new float[values.size()];
                for (int i = 0; i < flat.length; i++) {
                    flat[i] = values.get(i);
                }
                gradients.add(flat);
            }
            assertThat(gradients.get(1)).hasSize(gradients.get(0).length).containsExactly(gradients.get(0));
        }
    }

    @Test
    void mergesComputeWhatKerasMergesCompute() {
        ModelSpec merges = spec("""
                [{"type": "input", "name": "a", "columns": ["a1", "a2"]},
                 {"type": "input", "name": "b", "columns": ["b1", "b2"]},
                 {"type": "add", "name": "sum", "inputs": ["a", "b"]},
                 {"type": "multiply", "name": "product", "inputs": ["a", "b"]},
                 {"type": "maximum", "name": "most", "inputs": ["a", "b"]},
                 {"type": "subtract", "name": "difference", "inputs": ["a", "b"]},
                 {"type": "average", "name": "mean", "inputs": ["a", "b"]},
                 {"type": "dot", "name": "dot", "inputs": ["a", "b"]},
                 {"type": "dot", "name": "cosine", "inputs": ["a", "b"], "normalize": true},
                 {"type": "concatenate", "inputs": ["sum", "product", "most", "difference", "mean", "dot", "cosine"]},
                 {"type": "dense", "units": 1, "kernelInitializer": "ones", "useBias": false}]""");
        var layout = new InputLayout(new int[] {4}, java.util.List.of(new InputLayout.Column("a1", 0, 1),
                new InputLayout.Column("b1", 1, 1), new InputLayout.Column("a2", 2, 1),
                new InputLayout.Column("b2", 3, 1)));
        try (NDManager manager = NDManager.newBaseManager(DjlRuntime.ENGINE)) {
            Block graph = NetworkBuilder.build(merges, Task.REGRESSION, layout);
            // a = (1, 2), b = (3, -1), interleaved as a1 b1 a2 b2
            NDArray x = manager.create(new float[] {1, 3, 2, -1}).reshape(1, 4);
            graph.initialize(manager, DataType.FLOAT32, TrainingLoop.batchOf(1, new int[] {4}));
            float out = graph.forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow()
                    .getFloat();

            double cosine = (1 * 3 + 2 * -1) / (Math.sqrt(5) * Math.sqrt(10));
            double expected = (4 + 1) + (3 - 2) + (3 + 2) + (-2 + 3) + (2 + 0.5) + 1 + cosine;
            assertThat((double) out).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-5));
        }
    }

    @Test
    void anEmbeddingLooksUpOneVectorPerIdShiftedSoThatUnknownIsZero() {
        ModelSpec embedded = spec("""
                [{"type": "input", "name": "ids", "columns": ["c"]},
                 {"type": "embedding", "inputDim": 4, "outputDim": 2, "maskZero": true,
                  "embeddingsInitializer": "ones"},
                 {"type": "flatten"}, {"type": "dense", "units": 1, "kernelInitializer": "ones", "useBias": false}]""");
        var layout = new InputLayout(new int[] {1}, java.util.List.of(new InputLayout.Column("c", 0, 1, 4, 1)));
        try (NDManager manager = NDManager.newBaseManager(DjlRuntime.ENGINE)) {
            Block graph = NetworkBuilder.build(embedded, Task.REGRESSION, layout);
            graph.initialize(manager, DataType.FLOAT32, TrainingLoop.batchOf(3, new int[] {1}));
            // ids as encoded: -1 (unknown), 0 and 2: looked up as 0 (masked to zeros), 1 and 3
            NDArray x = manager.create(new float[] {-1, 0, 2}).reshape(3, 1);

            float[] out = graph.forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow()
                    .toFloatArray();

            assertThat(out).containsExactly(0f, 2f, 2f);
        }
    }
}
