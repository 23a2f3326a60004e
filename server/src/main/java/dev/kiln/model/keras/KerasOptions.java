package dev.kiln.model.keras;

import dev.kiln.model.Convolutions;
import dev.kiln.domain.InvalidRequest;
import dev.kiln.model.Activation;
import dev.kiln.model.Initializer;
import dev.kiln.model.LayerSpec;
import dev.kiln.model.Merge;
import dev.kiln.model.ModelGraph;
import dev.kiln.model.Pooling;
import dev.kiln.model.Reshaping;
import dev.kiln.model.Sequences;
import dev.kiln.model.Window;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** A Kiln layer's options as the Keras 3 layer config that means the same, channels last. */
final class KerasOptions {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private KerasOptions() {}

    /** Fills {@code config} with the layer's Keras options and answers its Keras class. */
    static String describe(LayerSpec layer, ModelGraph.Node node, int rank, ObjectNode config) {
        if (layer instanceof LayerSpec.Dense d) {
            config.put("units", d.units());
            kernel(config, d.activation(), d.useBias(), d.kernelInitializer(), d.biasInitializer(), d.l1(), d.l2());
            return "Dense";
        }
        if (layer instanceof Convolutions.Conv2d c) {
            config.put("filters", c.filters());
            config.set("kernel_size", window(c.kernelSize()));
            config.set("strides", window(c.strides()));
            config.put("padding", c.padding().json());
            config.put("data_format", "channels_last");
            config.set("dilation_rate", window(c.dilation()));
            config.put("groups", 1);
            kernel(config, c.activation(), c.useBias(), c.kernelInitializer(), c.biasInitializer(), c.l1(), c.l2());
            return "Conv2D";
        }
        if (layer instanceof Convolutions.Conv1d c) {
            config.put("filters", c.filters());
            config.set("kernel_size", JSON.arrayNode().add(c.kernelSize()));
            config.set("strides", JSON.arrayNode().add(c.strides()));
            config.put("padding", c.padding().json());
            config.put("data_format", "channels_last");
            config.set("dilation_rate", JSON.arrayNode().add(c.dilation()));
            config.put("groups", 1);
            kernel(config, c.activation(), c.useBias(), c.kernelInitializer(), c.biasInitializer(), c.l1(), c.l2());
            return "Conv1D";
        }
        if (layer instanceof Pooling.Pooling2d p) {
            config.set("pool_size", window(p.poolSize()));
            config.set("strides", window(p.strides()));
            config.put("padding", p.padding().json());
            config.put("data_format", "channels_last");
            return layer instanceof Pooling.MaxPool2d ? "MaxPooling2D" : "AveragePooling2D";
        }
        if (layer instanceof Pooling.MaxPool1d p) {
            config.set("pool_size", JSON.arrayNode().add(p.poolSize()));
            config.set("strides", JSON.arrayNode().add(p.strides()));
            config.put("padding", p.padding().json());
            config.put("data_format", "channels_last");
            return "MaxPooling1D";
        }
        if (layer instanceof LayerSpec.Dropout d) {
            config.put("rate", d.rate());
            return "Dropout";
        }
        if (layer instanceof LayerSpec.BatchNorm b) {
            config.put("axis", -1);
            config.put("momentum", b.momentum());
            config.put("epsilon", b.epsilon());
            config.put("center", true);
            config.put("scale", true);
            return "BatchNormalization";
        }
        if (layer instanceof LayerSpec.LayerNorm n) {
            config.put("axis", -1);
            config.put("epsilon", n.epsilon());
            config.put("center", n.center());
            config.put("scale", n.scale());
            return "LayerNormalization";
        }
        if (layer instanceof LayerSpec.ActivationLayer a) {
            config.put("activation", activation(a.function()));
            return "Activation";
        }
        if (layer instanceof LayerSpec.Embedding e) {
            if (e.inputDim() == null) {
                throw new InvalidRequest(node.path() + ".inputDim", "Keras needs the embedding's input dimension; "
                        + "give inputDim");
            }
            if (e.maskZero()) {
                throw new InvalidRequest(node.path() + ".maskZero", "Kiln's maskZero (id 0 maps to zeros) has no "
                        + "Keras equivalent");
            }
            if (e.l2() > 0) {
                throw new InvalidRequest(node.path() + ".l2", "Kiln's l2 on the rows a batch looks up has no Keras "
                        + "equivalent (Keras's embeddings_regularizer penalises the whole table)");
            }
            config.put("input_dim", e.inputDim());
            config.put("output_dim", e.outputDim());
            config.set("embeddings_initializer", initializer(e.embeddingsInitializer()));
            config.put("mask_zero", false);
            return "Embedding";
        }
        if (layer instanceof Reshaping.Permute p) {
            config.set("dims", KerasWriter.array(KerasAxes.kerasPermutation(p.dims(), p.dims().size())));
            return "Permute";
        }
        if (layer instanceof Merge merge) {
            if (merge instanceof Merge.Concatenate c) {
                config.put("axis", KerasAxes.kerasAxis(c.axis(), rank));
            } else if (merge instanceof Merge.Dot d) {
                config.set("axes", JSON.arrayNode().add(KerasAxes.kerasAxis(d.axes().get(0), rank))
                        .add(KerasAxes.kerasAxis(d.axes().get(1), rank)));
                config.put("normalize", d.normalize());
            }
            return KerasExport.mergeClass(merge);
        }
        if (layer instanceof Pooling.GlobalMaxPool2d || layer instanceof Pooling.GlobalAvgPool2d
                || layer instanceof Pooling.GlobalMaxPool1d || layer instanceof Pooling.GlobalAvgPool1d) {
            config.put("data_format", "channels_last");
            config.put("keepdims", false);
            return layer instanceof Pooling.GlobalMaxPool2d ? "GlobalMaxPooling2D"
                    : layer instanceof Pooling.GlobalAvgPool2d ? "GlobalAveragePooling2D"
                    : layer instanceof Pooling.GlobalMaxPool1d ? "GlobalMaxPooling1D" : "GlobalAveragePooling1D";
        }
        if (layer instanceof LayerSpec.Flatten) {
            config.put("data_format", "channels_last");
            return "Flatten";
        }
        if (layer instanceof Sequences.Recurrent r) {
            return recurrent(r, config);
        }
        if (layer instanceof Sequences s) {
            throw new InvalidRequest(node.path() + ".type", "Kiln does not write " + s.getClass().getSimpleName()
                    + " layers as Keras JSON yet; only lstm and gru of the sequence layers");
        }
        return "Identity";
    }

    private static String recurrent(Sequences.Recurrent r, ObjectNode config) {
        config.put("units", r.units());
        config.put("activation", "tanh");
        config.put("recurrent_activation", "sigmoid");
        config.put("use_bias", true);
        config.set("kernel_initializer", initializer(r.kernelInitializer()));
        config.set("recurrent_initializer", initializer(r.recurrentInitializer()));
        config.set("bias_initializer", initializer(Initializer.ZEROS));
        if (r instanceof Sequences.Lstm) {
            config.put("unit_forget_bias", true);
        } else {
            config.put("reset_after", true);
        }
        config.put("dropout", r.dropout());
        config.put("recurrent_dropout", 0.0);
        config.put("return_sequences", r.returnSequences());
        config.put("return_state", false);
        config.put("go_backwards", false);
        config.put("stateful", false);
        config.put("unroll", false);
        config.putNull("seed");
        return r instanceof Sequences.Lstm ? "LSTM" : "GRU";
    }

    private static void kernel(ObjectNode config, Activation activation, boolean bias, Initializer kernel,
                        Initializer biasInit, double l1, double l2) {
        config.put("activation", activation(activation));
        config.put("use_bias", bias);
        config.set("kernel_initializer", initializer(kernel));
        config.set("bias_initializer", initializer(biasInit));
        if (l1 > 0 || l2 > 0) {
            ObjectNode regularizer = JSON.objectNode();
            regularizer.put("module", "keras.regularizers");
            regularizer.put("class_name", "L1L2");
            regularizer.set("config", JSON.objectNode().put("l1", l1).put("l2", l2));
            regularizer.putNull("registered_name");
            config.set("kernel_regularizer", regularizer);
        } else {
            config.putNull("kernel_regularizer");
        }
        config.putNull("bias_regularizer");
        config.putNull("activity_regularizer");
        config.putNull("kernel_constraint");
        config.putNull("bias_constraint");
    }

    private static String activation(Activation activation) {
        return switch (activation) {
            case LEAKY_RELU -> "leaky_relu";
            case SWISH -> "silu";
            default -> activation.json();
        };
    }

    private static ObjectNode initializer(Initializer initializer) {
        ObjectNode node = JSON.objectNode();
        node.put("module", "keras.initializers");
        ObjectNode config = JSON.objectNode();
        String className = switch (initializer) {
            case GLOROT_UNIFORM -> "GlorotUniform";
            case GLOROT_NORMAL -> "GlorotNormal";
            case HE_UNIFORM -> "HeUniform";
            case HE_NORMAL -> "HeNormal";
            case LECUN_NORMAL -> "LecunNormal";
            case ZEROS -> "Zeros";
            case ONES -> "Ones";
            case RANDOM_UNIFORM -> "RandomUniform";
            case ORTHOGONAL -> "Orthogonal";
        };
        if (initializer == Initializer.RANDOM_UNIFORM) {
            config.put("minval", -0.05).put("maxval", 0.05);
        }
        if (initializer == Initializer.ORTHOGONAL) {
            config.put("gain", 1.0);
        }
        if (!className.equals("Zeros") && !className.equals("Ones")) {
            config.putNull("seed");
        }
        node.put("class_name", className);
        node.set("config", config);
        node.putNull("registered_name");
        return node;
    }


    static ArrayNode window(Window window) {
        return JSON.arrayNode().add(window.height()).add(window.width());
    }
}
