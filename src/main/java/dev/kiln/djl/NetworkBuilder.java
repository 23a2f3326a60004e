package dev.kiln.djl;

import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import dev.kiln.model.Activation;
import dev.kiln.model.LayerSpec;
import dev.kiln.model.ModelSpec;
import dev.kiln.run.Task;
import java.util.List;

/**
 * Turns a model spec into a DJL block that outputs logits: a final sigmoid (binary) or softmax (multiclass)
 * is left out, because the loss applies it in its numerically stable form; predictions apply it again.
 */
final class NetworkBuilder {
    private NetworkBuilder() {}

    static SequentialBlock build(ModelSpec spec, Task task) {
        List<LayerSpec> layers = spec.layers();
        ModelSpec.OutputHead head = spec.outputHead().orElseThrow();
        int folded = task.isClassification() && head.activation().isProbabilistic() ? foldedLayer(spec, head) : -1;
        SequentialBlock network = new SequentialBlock();
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec layer = layers.get(i);
            if (layer instanceof LayerSpec.Dense dense) {
                Linear linear = Linear.builder().setUnits(dense.units()).optBias(dense.useBias()).build();
                linear.setInitializer(new KerasInitializer(dense.kernelInitializer()), Parameter.Type.WEIGHT);
                linear.setInitializer(new KerasInitializer(dense.biasInitializer()), Parameter.Type.BIAS);
                network.add(linear);
                if (i != folded) {
                    activation(dense.activation(), network);
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
        }
        return network;
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
