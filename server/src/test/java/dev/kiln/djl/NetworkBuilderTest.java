package dev.kiln.djl;

import dev.kiln.model.Convolutions;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import dev.kiln.model.Activation;
import dev.kiln.model.Initializer;
import dev.kiln.model.LayerSpec;
import dev.kiln.model.ModelSpec;
import dev.kiln.model.Padding;
import dev.kiln.model.Pooling;
import dev.kiln.model.Window;
import dev.kiln.run.Task;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A final sigmoid or softmax is folded into the loss, never applied twice; everything else is kept. */
class NetworkBuilderTest {
    private static final int[] FLAT = {4};

    private static List<String> blocks(ai.djl.nn.Block block) {
        return block.getChildren().values().stream().map(b -> b.getClass().getSimpleName()).toList();
    }

    @Test
    void leavesOutTheFinalSigmoidOfABinaryClassifier() {
        var spec = new ModelSpec("m", List.of(new LayerSpec.Dense(8, Activation.RELU, null),
                new LayerSpec.Dense(1, Activation.SIGMOID, null)));

        assertThat(blocks(NetworkBuilder.build(spec, Task.BINARY, FLAT))).containsExactly("Linear", "LambdaBlock", "Linear");
    }

    @Test
    void leavesOutAFinalSoftmaxLayerButKeepsHiddenActivations() {
        var spec = new ModelSpec("m", List.of(new LayerSpec.Dense(8, Activation.TANH, null),
                new LayerSpec.Dense(3, null, null), new LayerSpec.ActivationLayer(null, null, Activation.SOFTMAX)));

        assertThat(blocks(NetworkBuilder.build(spec, Task.MULTICLASS, FLAT))).containsExactly("Linear", "LambdaBlock",
                "Linear");
    }

    @Test
    void keepsEveryLayerOfARegressionModel() {
        var spec = new ModelSpec("m", List.of(new LayerSpec.Dense(8, Activation.RELU, null),
                new LayerSpec.BatchNorm(null, null, null, null), new LayerSpec.Dropout(null, null, 0.5), new LayerSpec.Dense(1, null, null)));

        assertThat(blocks(NetworkBuilder.build(spec, Task.REGRESSION, FLAT)))
                .containsExactly("Linear", "LambdaBlock", "BatchNorm", "FastDropout", "Linear");
    }

    private static long[] outputShape(ModelSpec spec, int[] shape, Task task) {
        try (NDManager manager = NDManager.newBaseManager(DjlRuntime.ENGINE)) {
            SequentialBlock block = (SequentialBlock) NetworkBuilder.build(spec, task, shape);
            block.initialize(manager, DataType.FLOAT32, TrainingLoop.batchOf(2, shape));
            NDArray x = manager.zeros(TrainingLoop.batchOf(2, shape));
            return block.forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow()
                    .getShape().getShape();
        }
    }

    private static final float[] ONE_TO_NINE = {1, 2, 3, 4, 5, 6, 7, 8, 9};

    @Test
    void averagesSamePoolingWindowsOverRealPixelsOnlyAsKerasDoes() {
        var pool = new Pooling.AvgPool2d(null, null, Window.square(2), null, Padding.SAME);

        assertThat(beforeHead(withDenseHead(pool), new int[] {1, 3, 3}, ONE_TO_NINE)).containsExactly(3f, 4.5f, 7.5f, 9f);
    }

    @Test
    void takesTheLargestOfSamePoolingWindowsAndPadsConvolutionsAtTheBottomRight() {
        var pool = new Pooling.MaxPool2d(null, null, Window.square(2), null, Padding.SAME);
        var conv = new Convolutions.Conv2d(null, null, 1, Window.square(2), null, Padding.SAME, null, null, null, Initializer.ONES,
                null, null, null);

        assertThat(beforeHead(withDenseHead(pool), new int[] {1, 3, 3}, ONE_TO_NINE)).containsExactly(5f, 6f, 8f, 9f);
        assertThat(beforeHead(withDenseHead(conv), new int[] {1, 3, 3}, ONE_TO_NINE))
                .containsExactly(12f, 16f, 9f, 24f, 28f, 15f, 15f, 17f, 9f);
    }

    @Test
    void producesTheShapesTheTraceReports() {
        int[] image = {3, 28, 28};
        List<ModelSpec> specs = List.of(
                withDenseHead(new Convolutions.Conv2d(null, null, 8, Window.square(3), Window.square(2), Padding.SAME, null,
                        Activation.RELU, null, null, null, null, null), new LayerSpec.BatchNorm(null, null, null, null),
                        new Pooling.MaxPool2d(null, null, Window.square(3), Window.square(2), Padding.SAME)),
                withDenseHead(new Convolutions.Conv2d(null, null, 4, new Window(5, 3), null, Padding.VALID, Window.square(2),
                        null, false, null, null, null, null), new Pooling.AvgPool2d(null, null, null, null, null)),
                new ModelSpec("gap", List.of(new Convolutions.Conv2d(6, 3, Activation.RELU), new Pooling.GlobalAvgPool2d(null, null),
                        new LayerSpec.Dense(10, Activation.SOFTMAX, null))));
        for (ModelSpec spec : specs) {
            var trace = dev.kiln.model.ShapeTrace.of(spec, image);
            assertThat(trace.fits()).as(spec.toString()).isTrue();
            assertThat(outputShape(spec, image, Task.MULTICLASS)).as(spec.toString())
                    .containsExactly(2, trace.output()[0]);
        }
    }

    @Test
    void readsAFlatInputAsASequenceForOneDimensionalLayers() {
        var spec = new ModelSpec("seq", List.of(
                new Convolutions.Conv1d(null, null, 4, 3, null, Padding.SAME, null, Activation.RELU, null, null, null, null, null),
                new Pooling.MaxPool1d(null, null, null, null, null), new LayerSpec.Flatten(null, null),
                new LayerSpec.Dense(1, Activation.SIGMOID, null)));

        assertThat(dev.kiln.model.ShapeTrace.of(spec, new int[] {9}).steps().get(2).received()).containsExactly(4, 4);
        assertThat(outputShape(spec, new int[] {9}, Task.BINARY)).containsExactly(2, 1);
    }

    private static ModelSpec withDenseHead(LayerSpec... layers) {
        var all = new java.util.ArrayList<>(List.of(layers));
        all.add(new LayerSpec.Flatten(null, null));
        all.add(new LayerSpec.Dense(1, null, null));
        return new ModelSpec("m", all);
    }

    /** The values the layers before the flatten/dense head produce for one sample. */
    private static float[] beforeHead(ModelSpec spec, int[] shape, float[] input) {
        try (NDManager manager = NDManager.newBaseManager(DjlRuntime.ENGINE)) {
            SequentialBlock full = (SequentialBlock) NetworkBuilder.build(spec, Task.REGRESSION, shape);
            full.initialize(manager, DataType.FLOAT32, TrainingLoop.batchOf(1, shape));
            var children = full.getChildren().values();
            int keep = children.size() - 2;
            NDList x = new NDList(manager.create(input, TrainingLoop.batchOf(1, shape)));
            int i = 0;
            for (var child : children) {
                if (i++ == keep) {
                    break;
                }
                x = child.forward(new ParameterStore(manager, false), x, false);
            }
            return x.singletonOrThrow().toFloatArray();
        }
    }
}
