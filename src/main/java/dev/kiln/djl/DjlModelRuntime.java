package dev.kiln.djl;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import dev.kiln.inference.ModelRuntime;
import dev.kiln.model.ModelSpec;
import dev.kiln.run.Task;
import dev.kiln.training.TrainingJob;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.stereotype.Component;

/**
 * Trained networks on DJL for predictions: built from the spec, parameters read from the run's model file, kept in
 * their own model scope until evicted. Each prediction runs in inference mode without autograd, with one
 * intra-op thread, in a scope closed when it returns.
 */
@Component
class DjlModelRuntime implements ModelRuntime {

    @Override
    public LoadedNetwork load(ModelSpec spec, Task task, int classes, int inputWidth,
                              TrainingJob.CheckpointSource parameters) {
        Device device = DjlRuntime.device("auto");
        Model model = Model.newInstance("predict", device, DjlRuntime.ENGINE);
        try {
            Block block = NetworkBuilder.build(spec, task);
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, inputWidth));
            Checkpoints.restoreParameters(parameters, block, model.getNDManager());
            long bytes = Checkpoints.parameters(block).stream().mapToLong(p -> p.size() * 4).sum();
            return new Network(model, block, bytes);
        } catch (IOException e) {
            model.close();
            throw new UncheckedIOException("could not read the model's parameters", e);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    private record Network(Model model, Block block, long sizeBytes) implements LoadedNetwork {
        @Override
        public float[] predict(float[] features, int rows) {
            DjlRuntime.useThreads(1);
            boolean grad = JniUtils.isGradMode();
            JniUtils.setGradMode(false);
            try (NDManager scope = model.getNDManager().newSubManager()) {
                NDArray x = scope.create(features, new Shape(rows, features.length / rows));
                NDArray out = block.forward(new ParameterStore(scope, false), new NDList(x), false).singletonOrThrow();
                return out.toFloatArray();
            } finally {
                JniUtils.setGradMode(grad);
            }
        }

        @Override
        public void close() {
            model.close();
        }
    }
}
