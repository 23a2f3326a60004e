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
import dev.kiln.model.InputLayout;
import dev.kiln.model.ModelSpec;
import dev.kiln.model.ShapeTrace;
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
    public LoadedNetwork load(ModelSpec spec, Task task, int classes, InputLayout input,
                              TrainingJob.CheckpointSource parameters) {
        int[] inputShape = input.shape();
        Device device = DjlRuntime.device(dev.kiln.run.spec.Device.AUTO);
        Model model = Model.newInstance("predict", device, DjlRuntime.ENGINE);
        try {
            java.util.Map<Block, Integer> owners = new java.util.LinkedHashMap<>();
            Block block = NetworkBuilder.build(spec, task, input, false, owners);
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, TrainingLoop.batchOf(1, inputShape));
            Checkpoints.restoreParameters(parameters, block, model.getNDManager());
            long bytes = Checkpoints.parameters(block).stream().mapToLong(p -> p.size() * 4).sum();
            long largest = ShapeTrace.of(spec, input).largestActivation();
            int chunk = (int) Math.max(1, Math.min(65_536, Batches.CHUNK_ACTIVATIONS / Math.max(1, largest)));
            return new Network(model, block, bytes, inputShape.clone(), chunk, owners);
        } catch (IOException e) {
            model.close();
            throw new UncheckedIOException("could not read the model's parameters", e);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    @Override
    public void writeParameters(ModelSpec spec, Task task, int classes, InputLayout input,
                                java.util.List<Weights> parameters, java.io.OutputStream out) throws IOException {
        try (Model model = Model.newInstance("write", Device.cpu(), DjlRuntime.ENGINE)) {
            java.util.Map<Block, Integer> owners = new java.util.LinkedHashMap<>();
            Block block = NetworkBuilder.build(spec, task, input, false, owners);
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, TrainingLoop.batchOf(1, input.shape()));
            java.util.Map<String, Weights> given = new java.util.HashMap<>();
            parameters.forEach(w -> given.put(w.layer() + "/" + w.path(), w));
            int[] set = {0};
            owners.forEach((owner, layer) -> {
                for (var parameter : owner.getParameters()) {
                    Weights w = given.get(layer + "/" + parameter.getKey());
                    NDArray array = parameter.getValue().getArray();
                    if (w == null || w.values().length != array.size()) {
                        throw new IllegalArgumentException("no values of the right size for parameter "
                                + parameter.getKey() + " of layer " + layer);
                    }
                    array.set(w.values());
                    set[0]++;
                }
            });
            if (set[0] != parameters.size()) {
                throw new IllegalArgumentException("the network has " + set[0] + " parameters, " + parameters.size()
                        + " were given");
            }
            Checkpoints.writeParameters(out, block);
        }
    }

    @Override
    public void verify(ModelSpec spec, Task task, int classes, InputLayout input,
                       TrainingJob.CheckpointSource parameters, long size) {
        int[] inputShape = input.shape();
        try (Model model = Model.newInstance("verify", DjlRuntime.device(dev.kiln.run.spec.Device.AUTO),
                DjlRuntime.ENGINE)) {
            Block block;
            try {
                block = NetworkBuilder.build(spec, task, input);
            } catch (dev.kiln.training.TrainingFailed e) {
                throw new IllegalArgumentException(e.getMessage());
            }
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, TrainingLoop.batchOf(1, inputShape));
            java.util.List<Shape> shapes = Checkpoints.parameters(block).stream().map(NDArray::getShape).toList();
            try (java.io.InputStream in = parameters.open()) {
                String problem = CheckpointCheck.problem(in, size, shapes);
                if (problem != null) {
                    throw new IllegalArgumentException(problem);
                }
            }
            try {
                Checkpoints.restoreParameters(parameters, block, model.getNDManager());
            } catch (ai.djl.engine.EngineException | IllegalStateException e) {
                throw new IllegalArgumentException("parameters.ckpt cannot be loaded into the declared network");
            }
            try (NDManager scope = model.getNDManager().newSubManager()) {
                float[] out = block.forward(new ParameterStore(scope, false),
                        new NDList(scope.zeros(TrainingLoop.batchOf(1, inputShape))), false).singletonOrThrow()
                        .toFloatArray();
                int width = task == Task.MULTICLASS ? classes : 1;
                if (out.length != width) {
                    throw new IllegalArgumentException("the network outputs " + out.length + " values per row; a "
                            + task.json() + " task with " + classes + " classes needs " + width);
                }
                for (float v : out) {
                    if (!Float.isFinite(v)) {
                        throw new IllegalArgumentException("the network's output is not finite: its parameters hold "
                                + "NaN or infinite values");
                    }
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new IllegalArgumentException("parameters.ckpt cannot be read: " + (e.getMessage() == null
                    ? "it ends too soon" : e.getMessage()));
        }
    }

    /** A loaded network; predictions go through it {@code chunk} rows at a time, which bounds their memory. */
    private record Network(Model model, Block block, long sizeBytes, int[] inputShape, int chunk,
                           java.util.Map<Block, Integer> owners) implements LoadedNetwork {
        @Override
        public float[] predict(float[] features, int rows) {
            DjlRuntime.useThreads(1);
            boolean grad = JniUtils.isGradMode();
            JniUtils.setGradMode(false);
            int width = features.length / rows;
            float[] outputs = null;
            try {
                for (int from = 0; from < rows; from += chunk) {
                    int to = Math.min(rows, from + chunk);
                    try (NDManager scope = model.getNDManager().newSubManager()) {
                        float[] part = java.util.Arrays.copyOfRange(features, from * width, to * width);
                        NDArray x = scope.create(part, TrainingLoop.batchOf(to - from, inputShape));
                        float[] out = block.forward(new ParameterStore(scope, false), new NDList(x), false)
                                .singletonOrThrow().toFloatArray();
                        if (outputs == null) {
                            outputs = new float[rows * (out.length / (to - from))];
                        }
                        System.arraycopy(out, 0, outputs, from * (out.length / (to - from)), out.length);
                    }
                }
                return outputs;
            } finally {
                JniUtils.setGradMode(grad);
            }
        }

        @Override
        public Gradients gradients(float[] features, int rows, int[] outputs, Readout readout, float[] pathScales) {
            // backward keeps every activation: a quarter of a prediction's chunk
            return InputGradients.of(model, block, inputShape, Math.max(1, chunk / 4), features, rows, outputs,
                    readout, pathScales);
        }

        @Override
        public java.util.List<Weights> parameters() {
            java.util.List<Weights> all = new java.util.ArrayList<>();
            owners.forEach((owner, layer) -> {
                for (var parameter : owner.getParameters()) {
                    NDArray array = parameter.getValue().getArray();
                    all.add(new Weights(layer, parameter.getKey(), array.getShape().getShape(),
                            array.toFloatArray()));
                }
            });
            all.sort(java.util.Comparator.comparingInt(Weights::layer));
            return all;
        }

        @Override
        public float[][] embedding(int ordinal) {
            java.util.List<EmbeddingBlock> found = new java.util.ArrayList<>();
            collect(block, found);
            NDArray table = found.get(ordinal).getParameters().get("embeddings").getArray();
            int rows = (int) table.getShape().get(0);
            int width = (int) table.getShape().get(1);
            float[] flat = table.toFloatArray();
            float[][] vectors = new float[rows][];
            for (int r = 0; r < rows; r++) {
                vectors[r] = java.util.Arrays.copyOfRange(flat, r * width, (r + 1) * width);
            }
            return vectors;
        }

        /** The embedding blocks under {@code block}, depth first: in layer order, for stacks and graphs. */
        private static void collect(Block block, java.util.List<EmbeddingBlock> into) {
            if (block instanceof EmbeddingBlock embedding) {
                into.add(embedding);
                return;
            }
            block.getChildren().values().forEach(child -> collect(child, into));
        }

        @Override
        public void close() {
            model.close();
        }
    }
}
