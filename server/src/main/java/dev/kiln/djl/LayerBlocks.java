package dev.kiln.djl;

import dev.kiln.model.Convolutions;
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
import dev.kiln.model.Pooling;
import dev.kiln.model.Reshaping;
import dev.kiln.model.Sequences;
import dev.kiln.model.ShapeTrace;

/**
 * The DJL blocks of one layer that reads one input, appended to a sequential block: the layer itself, the padding
 * Keras's {@code same} windows need where PyTorch pads otherwise (an explicit pad before the layer), a flat input read
 * as a one-channel sequence, and the activation after it unless it is the model's output activation, which the loss
 * applies in its numerically stable form.
 */
final class LayerBlocks {
    private LayerBlocks() {}

    /**
     * Appends {@code layer}'s blocks to {@code into}.
     *
     * @param before the shape the layer's input has (a flat one a 1D layer reads as a sequence)
     * @param folded whether the layer's activation is the model's output activation (left to the loss)
     * @param readsMask whether a mask comes with its input, which it reads (global 1D pools leave padding out)
     */
    static void add(LayerSpec layer, ShapeTrace.Step step, int[] before, boolean folded, boolean readsMask,
                    SequentialBlock into) {
        if (step.received().length == 2 && before.length == 1 && !(layer instanceof LayerSpec.Embedding)) {
            into.add(new LambdaBlock(list -> new NDList(list.singletonOrThrow().expandDims(1)), "asSequence"));
        }
        if (layer instanceof LayerSpec.Dense dense) {
            Linear linear = Linear.builder().setUnits(dense.units()).optBias(dense.useBias()).build();
            linear.setInitializer(new KerasInitializer(dense.kernelInitializer()), Parameter.Type.WEIGHT);
            linear.setInitializer(new KerasInitializer(dense.biasInitializer()), Parameter.Type.BIAS);
            into.add(linear);
            if (!folded) {
                activation(dense.activation(), into);
            }
        } else if (layer instanceof Convolutions.Conv2d conv) {
            int[] pad = step.padding();
            boolean even = pad[0] == pad[1] && pad[2] == pad[3];
            if (!even) {
                into.add(pad(pad, 0));
            }
            var builder = Conv2d.builder().setFilters(conv.filters())
                    .setKernelShape(new Shape(conv.kernelSize().height(), conv.kernelSize().width()))
                    .optStride(new Shape(conv.strides().height(), conv.strides().width()))
                    .optDilation(new Shape(conv.dilation().height(), conv.dilation().width()))
                    .optPadding(even ? new Shape(pad[0], pad[2]) : new Shape(0, 0))
                    .optBias(conv.useBias());
            into.add(initialized(builder.build(), conv));
            if (!folded) {
                activation(conv.activation(), into);
            }
        } else if (layer instanceof Convolutions.Conv1d conv) {
            int[] pad = step.padding();
            boolean even = pad[0] == pad[1];
            if (!even) {
                into.add(pad(pad, 0));
            }
            var builder = Conv1d.builder().setFilters(conv.filters()).setKernelShape(new Shape(conv.kernelSize()))
                    .optStride(new Shape(conv.strides())).optDilation(new Shape(conv.dilation()))
                    .optPadding(new Shape(even ? pad[0] : 0)).optBias(conv.useBias());
            into.add(initialized(builder.build(), conv));
            if (!folded) {
                activation(conv.activation(), into);
            }
        } else if (layer instanceof Pooling.MaxPool2d pool) {
            maxPool2d(pool, step.padding(), into);
        } else if (layer instanceof Pooling.AvgPool2d pool) {
            avgPool2d(pool, step.padding(), step.received(), into);
        } else if (layer instanceof Pooling.GlobalAvgPool2d) {
            into.add(Pool.globalAvgPool2dBlock());
        } else if (layer instanceof Pooling.MaxPool1d pool) {
            int[] pad = step.padding();
            Shape kernel = new Shape(pool.poolSize());
            Shape stride = new Shape(pool.strides());
            if (pad[0] == pad[1] && pad[0] <= pool.poolSize() / 2) {
                into.add(Pool.maxPool1dBlock(kernel, stride, new Shape(pad[0])));
            } else {
                into.add(pad(pad, Float.NEGATIVE_INFINITY));
                into.add(Pool.maxPool1dBlock(kernel, stride, new Shape(0)));
            }
        } else if (layer instanceof LayerSpec.ActivationLayer a) {
            if (!folded) {
                activation(a.function(), into);
            }
        } else if (layer instanceof LayerSpec.Dropout d) {
            into.add(new FastDropout(d.rate().floatValue()));
        } else if (layer instanceof LayerSpec.BatchNorm b) {
            into.add(BatchNorm.builder().optMomentum(b.momentum().floatValue())
                    .optEpsilon(b.epsilon().floatValue()).build());
        } else if (layer instanceof LayerSpec.Flatten) {
            into.add(Blocks.batchFlattenBlock());
        } else if (layer instanceof LayerSpec.Embedding embedding) {
            into.add(new EmbeddingBlock(step.inputDim(), embedding.outputDim(), embedding.maskZero(),
                    embedding.embeddingsInitializer(), step.idShift(), embedding.l2()));
        } else if (layer instanceof LayerSpec.LayerNorm norm) {
            into.add(new ChannelNorm(step.received()[0], norm.epsilon(), norm.center(), norm.scale()));
        } else if (layer instanceof Pooling.GlobalMaxPool2d) {
            into.add(Pool.globalMaxPool2dBlock());
        } else if (layer instanceof Pooling.GlobalMaxPool1d) {
            into.add(readsMask ? new MaskedPool(false) : Pool.globalMaxPool1dBlock());
        } else if (layer instanceof Pooling.GlobalAvgPool1d) {
            into.add(readsMask ? new MaskedPool(true) : Pool.globalAvgPool1dBlock());
        } else if (layer instanceof Sequences.Recurrent recurrent) {
            into.add(new RecurrentLayer(recurrent, null));
        } else if (layer instanceof Sequences.Bidirectional bidirectional) {
            into.add(new RecurrentLayer(bidirectional.recurrent(), bidirectional.mergeMode()));
        } else if (layer instanceof Sequences.MultiHeadAttention attention) {
            into.add(new AttentionLayer(step.received()[0], attention.numHeads(), attention.keyDim(),
                    attention.valueDim(), attention.dropout().floatValue(), attention.useBias(),
                    attention.kernelInitializer()));
        } else if (layer instanceof Sequences.PositionalEmbedding positions) {
            into.add(new PositionalEmbeddingLayer(positions.maxLength(), step.received()[0], positions.initializer()));
        } else if (layer instanceof Sequences.TransformerEncoder encoder) {
            into.add(new TransformerEncoderLayer(encoder, step.received()[0]));
        } else if (layer instanceof Reshaping.Reshape) {
            int[] out = step.output();
            into.add(new LambdaBlock(list -> {
                NDArray x = list.singletonOrThrow();
                long[] shape = new long[out.length + 1];
                shape[0] = x.getShape().get(0);
                for (int d = 0; d < out.length; d++) {
                    shape[d + 1] = out[d];
                }
                return new NDList(x.reshape(new Shape(shape)));
            }, "reshape"));
        } else if (layer instanceof Reshaping.Permute permute) {
            int[] axes = new int[permute.dims().size() + 1];
            for (int d = 0; d < permute.dims().size(); d++) {
                axes[d + 1] = permute.dims().get(d);
            }
            into.add(new LambdaBlock(list -> new NDList(list.singletonOrThrow().transpose(axes)), "permute"));
        }
    }

    private static Convolution initialized(Convolution block, Convolutions.Convolution spec) {
        block.setInitializer(new KerasInitializer(spec.kernelInitializer()), Parameter.Type.WEIGHT);
        block.setInitializer(new KerasInitializer(spec.biasInitializer()), Parameter.Type.BIAS);
        return block;
    }

    private static void maxPool2d(Pooling.MaxPool2d pool, int[] pad, SequentialBlock into) {
        Shape kernel = new Shape(pool.poolSize().height(), pool.poolSize().width());
        Shape stride = new Shape(pool.strides().height(), pool.strides().width());
        if (native2d(pad, pool.poolSize().height(), pool.poolSize().width())) {
            into.add(Pool.maxPool2dBlock(kernel, stride, new Shape(pad[0], pad[2])));
        } else {
            into.add(pad(pad, Float.NEGATIVE_INFINITY));
            into.add(Pool.maxPool2dBlock(kernel, stride, new Shape(0, 0)));
        }
    }

    /** Keras's average ignores padding: natively when PyTorch can pad, else the padded sum over the window's count. */
    private static void avgPool2d(Pooling.AvgPool2d pool, int[] pad, int[] received, SequentialBlock into) {
        Shape kernel = new Shape(pool.poolSize().height(), pool.poolSize().width());
        Shape stride = new Shape(pool.strides().height(), pool.strides().width());
        if (native2d(pad, pool.poolSize().height(), pool.poolSize().width())) {
            into.add(Pool.avgPool2dBlock(kernel, stride, new Shape(pad[0], pad[2]), false, false));
            return;
        }
        Shape padding = new Shape(pad[2], pad[3], pad[0], pad[1]);
        Shape none = new Shape(0, 0);
        into.add(new LambdaBlock(list -> {
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

    static void activation(Activation activation, SequentialBlock into) {
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
            into.add(block);
        }
    }
}
