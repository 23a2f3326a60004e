package dev.kiln.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import dev.kiln.model.Activation;
import dev.kiln.model.LayerSpec;
import dev.kiln.model.ModelSpec;
import dev.kiln.model.ShapeTrace;
import dev.kiln.run.Task;
import dev.kiln.training.TrainingFailed;
import java.util.List;

/**
 * Turns a model spec into a DJL block that outputs logits: a final sigmoid (binary) or softmax (multiclass)
 * is left out, because the loss applies it in its numerically stable form; predictions apply it again. The spec is
 * traced on the input shape first ({@link ShapeTrace}); the trace supplies the padding of {@code same} windows
 * (PyTorch's own padding when it is even on both sides, an explicit pad before the layer when Keras puts the odd
 * row or column at the bottom and right) and where a flat input is read as a one-channel sequence.
 */
final class NetworkBuilder {
    private NetworkBuilder() {}

    static SequentialBlock build(ModelSpec spec, Task task, int[] inputShape) {
        ShapeTrace trace = ShapeTrace.of(spec, inputShape);
        trace.misfit().ifPresent(misfit -> {
            throw new TrainingFailed("the model does not fit the input " + ShapeTrace.describe(inputShape) + ": "
                    + misfit.path() + " (" + ShapeTrace.typeName(spec.layers().get(misfit.index())) + "): "
                    + misfit.reason());
        });
        List<LayerSpec> layers = spec.layers();
        ModelSpec.OutputHead head = spec.outputHead().orElseThrow();
        int folded = task.isClassification() && head.activation().isProbabilistic() ? foldedLayer(spec, head) : -1;
        SequentialBlock network = new SequentialBlock();
        int[] shape = inputShape;
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec layer = layers.get(i);
            ShapeTrace.Step step = trace.steps().get(i);
            if (step.received().length == 2 && shape.length == 1) {
                network.add(new LambdaBlock(list -> new NDList(list.singletonOrThrow().expandDims(1)), "asSequence"));
            }
            if (layer instanceof LayerSpec.Dense dense) {
                Linear linear = Linear.builder().setUnits(dense.units()).optBias(dense.useBias()).build();
                linear.setInitializer(new KerasInitializer(dense.kernelInitializer()), Parameter.Type.WEIGHT);
                linear.setInitializer(new KerasInitializer(dense.biasInitializer()), Parameter.Type.BIAS);
                network.add(linear);
                if (i != folded) {
                    activation(dense.activation(), network);
                }
            } else if (layer instanceof LayerSpec.Conv2d conv) {
                int[] pad = step.padding();
                boolean even = pad[0] == pad[1] && pad[2] == pad[3];
                if (!even) {
                    network.add(pad(pad, 0));
                }
                var builder = Conv2d.builder().setFilters(conv.filters())
                        .setKernelShape(new Shape(conv.kernelSize().height(), conv.kernelSize().width()))
                        .optStride(new Shape(conv.strides().height(), conv.strides().width()))
                        .optDilation(new Shape(conv.dilation().height(), conv.dilation().width()))
                        .optPadding(even ? new Shape(pad[0], pad[2]) : new Shape(0, 0))
                        .optBias(conv.useBias());
                network.add(initialized(builder.build(), conv));
                if (i != folded) {
                    activation(conv.activation(), network);
                }
            } else if (layer instanceof LayerSpec.Conv1d conv) {
                int[] pad = step.padding();
                boolean even = pad[0] == pad[1];
                if (!even) {
                    network.add(pad(pad, 0));
                }
                var builder = Conv1d.builder().setFilters(conv.filters()).setKernelShape(new Shape(conv.kernelSize()))
                        .optStride(new Shape(conv.strides())).optDilation(new Shape(conv.dilation()))
                        .optPadding(new Shape(even ? pad[0] : 0)).optBias(conv.useBias());
                network.add(initialized(builder.build(), conv));
                if (i != folded) {
                    activation(conv.activation(), network);
                }
            } else if (layer instanceof LayerSpec.MaxPool2d pool) {
                maxPool2d(pool, step.padding(), network);
            } else if (layer instanceof LayerSpec.AvgPool2d pool) {
                avgPool2d(pool, step.padding(), step.received(), network);
            } else if (layer instanceof LayerSpec.GlobalAvgPool2d) {
                network.add(Pool.globalAvgPool2dBlock());
            } else if (layer instanceof LayerSpec.MaxPool1d pool) {
                int[] pad = step.padding();
                Shape kernel = new Shape(pool.poolSize());
                Shape stride = new Shape(pool.strides());
                if (pad[0] == pad[1] && pad[0] <= pool.poolSize() / 2) {
                    network.add(Pool.maxPool1dBlock(kernel, stride, new Shape(pad[0])));
                } else {
                    network.add(pad(pad, Float.NEGATIVE_INFINITY));
                    network.add(Pool.maxPool1dBlock(kernel, stride, new Shape(0)));
                }
            } else if (layer instanceof LayerSpec.ActivationLayer a) {
                if (i != folded) {
                    activation(a.function(), network);
                }
            } else if (layer instanceof LayerSpec.Dropout d) {
                network.add(new FastDropout(d.rate().floatValue()));
            } else if (layer instanceof LayerSpec.BatchNorm b) {
                network.add(BatchNorm.builder().optMomentum(b.momentum().floatValue())
                        .optEpsilon(b.epsilon().floatValue()).build());
            } else if (layer instanceof LayerSpec.Flatten) {
                network.add(Blocks.batchFlattenBlock());
            }
            shape = step.output();
        }
        return network;
    }

    private static Convolution initialized(Convolution block, LayerSpec.Convolution spec) {
        block.setInitializer(new KerasInitializer(spec.kernelInitializer()), Parameter.Type.WEIGHT);
        block.setInitializer(new KerasInitializer(spec.biasInitializer()), Parameter.Type.BIAS);
        return block;
    }

    private static void maxPool2d(LayerSpec.MaxPool2d pool, int[] pad, SequentialBlock network) {
        Shape kernel = new Shape(pool.poolSize().height(), pool.poolSize().width());
        Shape stride = new Shape(pool.strides().height(), pool.strides().width());
        if (native2d(pad, pool.poolSize().height(), pool.poolSize().width())) {
            network.add(Pool.maxPool2dBlock(kernel, stride, new Shape(pad[0], pad[2])));
        } else {
            network.add(pad(pad, Float.NEGATIVE_INFINITY));
            network.add(Pool.maxPool2dBlock(kernel, stride, new Shape(0, 0)));
        }
    }

    /** Keras's average ignores padding: natively when PyTorch can pad, else the padded sum over the window's count. */
    private static void avgPool2d(LayerSpec.AvgPool2d pool, int[] pad, int[] received, SequentialBlock network) {
        Shape kernel = new Shape(pool.poolSize().height(), pool.poolSize().width());
        Shape stride = new Shape(pool.strides().height(), pool.strides().width());
        if (native2d(pad, pool.poolSize().height(), pool.poolSize().width())) {
            network.add(Pool.avgPool2dBlock(kernel, stride, new Shape(pad[0], pad[2]), false, false));
            return;
        }
        Shape padding = new Shape(pad[2], pad[3], pad[0], pad[1]);
        Shape none = new Shape(0, 0);
        network.add(new LambdaBlock(list -> {
            NDArray x = list.singletonOrThrow();
            NDArray sums = Pool.avgPool2d(x.pad(padding, 0), kernel, stride, none, false, true);
            NDArray ones = x.getManager().ones(new Shape(1, 1, received[1], received[2]));
            NDArray counts = Pool.avgPool2d(ones.pad(padding, 0), kernel, stride, none, false, true);
            return new NDList(sums.div(counts));
        }, "avgPoolSame"));
    }

    /** PyTorch pads pooling windows evenly on both sides and by at most half the window. */
    private static boolean native2d(int[] pad, int kernelHeight, int kernelWidth) {
        return pad[0] == pad[1] && pad[2] == pad[3] && pad[0] <= kernelHeight / 2 && pad[2] <= kernelWidth / 2;
    }

    /** Pads the spatial axes: {@code [top, bottom, left, right]} (2D) or {@code [before, after]} (1D). */
    private static Block pad(int[] amounts, float value) {
        Shape padding = amounts.length == 4 ? new Shape(amounts[2], amounts[3], amounts[0], amounts[1])
                : new Shape(amounts[0], amounts[1]);
        return new LambdaBlock(list -> new NDList(list.singletonOrThrow().pad(padding, value)), "pad");
    }

    /** The layer whose activation is the model's output activation: the last activation layer after the head, or the head. */
    private static int foldedLayer(ModelSpec spec, ModelSpec.OutputHead head) {
        for (int i = spec.layers().size() - 1; i > head.layerIndex(); i--) {
            if (spec.layers().get(i) instanceof LayerSpec.ActivationLayer) {
                return i;
            }
        }
        return head.layerIndex();
    }

    private static void activation(Activation activation, SequentialBlock network) {
        Block block = switch (activation) {
            case LINEAR -> null;
            case RELU -> ai.djl.nn.Activation.reluBlock();
            case SIGMOID -> ai.djl.nn.Activation.sigmoidBlock();
            case TANH -> ai.djl.nn.Activation.tanhBlock();
            case SOFTMAX -> new LambdaBlock(list -> new NDList(list.singletonOrThrow().softmax(-1)), "softmax");
            case LEAKY_RELU -> ai.djl.nn.Activation.leakyReluBlock(0.2f);
            case ELU -> ai.djl.nn.Activation.eluBlock(1f);
            case SELU -> ai.djl.nn.Activation.seluBlock();
            case GELU -> ai.djl.nn.Activation.geluBlock();
            case SWISH -> ai.djl.nn.Activation.swishBlock(1f);
        };
        if (block != null) {
            network.add(block);
        }
    }
}
