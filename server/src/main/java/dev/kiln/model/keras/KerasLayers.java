package dev.kiln.model.keras;

import dev.kiln.model.Convolutions;
import dev.kiln.model.Initializer;
import dev.kiln.model.LayerSpec;
import dev.kiln.model.Merge;
import dev.kiln.model.Pooling;
import dev.kiln.model.Reshaping;
import dev.kiln.model.Sequences;
import dev.kiln.model.Window;
import dev.kiln.model.keras.KerasConfig.Unsupported;
import java.util.ArrayList;
import java.util.List;

/**
 * One Keras layer as Kiln layers (usually one; a {@code Reshape} of channels-last data takes a permute on each side
 * in Kiln's channels-first layout). Shapes and axes are translated from Keras's channels-last to Kiln's channels-first:
 * a rank-r sample's Keras axis j is Kiln's axis (j + 1) mod r. Anything Kiln would have to approximate is refused.
 */
final class KerasLayers {
    private KerasLayers() {}

    /**
     * @param rank the rank (without the batch) of the layer's first input
     * @param name the Kiln name of the (last) Kiln layer; earlier helper layers take it with a suffix
     * @param inputs the Kiln names of the layer's inputs
     */
    static List<LayerSpec> convert(String className, KerasConfig c, int rank, String name, List<String> inputs) {
        c.require(c.bool("trainable", true), "trainable is false; Kiln trains every layer");
        c.absent("activity_regularizer", "bias_regularizer", "kernel_constraint", "bias_constraint");
        String format = c.text("data_format", "channels_last");
        c.require(format.equals("channels_last"), "data_format " + format + "; Kiln reads Keras models written "
                + "channels_last");
        return switch (className) {
            case "Dense" -> {
                c.require(rank == 1, "Dense on a rank-" + rank + " input applies per position in Keras; Kiln's dense "
                        + "needs a flat input (add Flatten)");
                double[] penalty = KerasValues.regularizer(c.node("kernel_regularizer"));
                yield List.of(new LayerSpec.Dense(name, inputs, c.integer("units"), KerasValues.activation(c),
                        c.bool("use_bias", true), KerasValues.initializer(c.node("kernel_initializer"),
                        Initializer.GLOROT_UNIFORM), KerasValues.initializer(c.node("bias_initializer"),
                        Initializer.ZEROS), penalty[0], penalty[1]));
            }
            case "Dropout" -> {
                c.absent("noise_shape");
                yield List.of(new LayerSpec.Dropout(name, inputs, c.number("rate")));
            }
            case "Activation", "ReLU", "Softmax", "LeakyReLU" -> List.of(new LayerSpec.ActivationLayer(name, inputs,
                    KerasValues.activationLayer(className, c)));
            case "BatchNormalization" -> {
                KerasValues.channelAxis(c, rank);
                c.require(c.bool("center", true) && c.bool("scale", true), "center or scale is off; Kiln's batchNorm "
                        + "learns both");
                c.absent("beta_regularizer", "gamma_regularizer", "beta_constraint", "gamma_constraint");
                yield List.of(new LayerSpec.BatchNorm(name, inputs, c.number("momentum"), c.number("epsilon")));
            }
            case "LayerNormalization" -> {
                KerasValues.channelAxis(c, rank);
                c.require(!c.bool("rms_scaling", false), "rms_scaling is on; Kiln's layerNorm centers");
                yield List.of(new LayerSpec.LayerNorm(name, inputs, c.number("epsilon"), c.bool("center", true),
                        c.bool("scale", true)));
            }
            case "Flatten" -> List.of(new LayerSpec.Flatten(name, inputs));
            case "Conv2D" -> {
                c.require(c.integer("groups") == null || c.integer("groups") == 1, "groups > 1");
                double[] penalty = KerasValues.regularizer(c.node("kernel_regularizer"));
                yield List.of(new Convolutions.Conv2d(name, inputs, c.integer("filters"), window(c, "kernel_size"),
                        window(c, "strides"), KerasValues.padding(c), window(c, "dilation_rate"),
                        KerasValues.activation(c), c.bool("use_bias", true), KerasValues.initializer(
                        c.node("kernel_initializer"), Initializer.GLOROT_UNIFORM), KerasValues.initializer(
                        c.node("bias_initializer"), Initializer.ZEROS), penalty[0], penalty[1]));
            }
            case "Conv1D" -> {
                c.require(c.integer("groups") == null || c.integer("groups") == 1, "groups > 1");
                double[] penalty = KerasValues.regularizer(c.node("kernel_regularizer"));
                yield List.of(new Convolutions.Conv1d(name, inputs, c.integer("filters"), c.integer("kernel_size"),
                        c.integer("strides"), KerasValues.padding(c), c.integer("dilation_rate"),
                        KerasValues.activation(c), c.bool("use_bias", true), KerasValues.initializer(
                        c.node("kernel_initializer"), Initializer.GLOROT_UNIFORM), KerasValues.initializer(
                        c.node("bias_initializer"), Initializer.ZEROS), penalty[0], penalty[1]));
            }
            case "MaxPooling2D" -> List.of(new Pooling.MaxPool2d(name, inputs, window(c, "pool_size"),
                    window(c, "strides"), KerasValues.padding(c)));
            case "AveragePooling2D" -> List.of(new Pooling.AvgPool2d(name, inputs, window(c, "pool_size"),
                    window(c, "strides"), KerasValues.padding(c)));
            case "MaxPooling1D" -> List.of(new Pooling.MaxPool1d(name, inputs, c.integer("pool_size"),
                    c.integer("strides"), KerasValues.padding(c)));
            case "GlobalAveragePooling2D", "GlobalMaxPooling2D", "GlobalAveragePooling1D", "GlobalMaxPooling1D" -> {
                c.require(!c.bool("keepdims", false), "keepdims is on; Kiln's global pools drop the pooled axes");
                yield List.of(switch (className) {
                    case "GlobalAveragePooling2D" -> new Pooling.GlobalAvgPool2d(name, inputs);
                    case "GlobalMaxPooling2D" -> new Pooling.GlobalMaxPool2d(name, inputs);
                    case "GlobalAveragePooling1D" -> new Pooling.GlobalAvgPool1d(name, inputs);
                    default -> new Pooling.GlobalMaxPool1d(name, inputs);
                });
            }
            case "Embedding" -> {
                c.require(!c.bool("mask_zero", false), "mask_zero is on; Kiln's layers do not pass masks on (its "
                        + "maskZero only zeroes id 0)");
                c.absent("embeddings_regularizer", "embeddings_constraint");
                yield List.of(new LayerSpec.Embedding(name, inputs, c.integer("input_dim"), c.integer("output_dim"),
                        false, KerasValues.initializer(c.node("embeddings_initializer"), Initializer.RANDOM_UNIFORM)));
            }
            case "Reshape" -> reshape(c, rank, name, inputs);
            case "Permute" -> List.of(new Reshaping.Permute(name, inputs, KerasAxes.permutation(
                    c.integers("dims", rank), rank)));
            case "Add" -> List.of(new Merge.Add(name, inputs));
            case "Subtract" -> List.of(new Merge.Subtract(name, inputs));
            case "Multiply" -> List.of(new Merge.Multiply(name, inputs));
            case "Average" -> List.of(new Merge.Average(name, inputs));
            case "Maximum" -> List.of(new Merge.Maximum(name, inputs));
            case "Concatenate" -> List.of(new Merge.Concatenate(name, inputs, KerasAxes.axis(c.has("axis")
                    ? c.node("axis").asInt() : -1, rank)));
            case "Dot" -> {
                List<Integer> axes = c.integers("axes", 2);
                yield List.of(new Merge.Dot(name, inputs, List.of(KerasAxes.axis(axes.get(0), rank),
                        KerasAxes.axis(axes.get(1), rank)), c.bool("normalize", false)));
            }
            case "LSTM", "GRU" -> List.of(recurrent(className, c, rank, name, inputs));
            default -> throw new Unsupported(KerasModels.LATER.contains(className)
                    ? "Kiln's Keras reader does not read " + className + " layers yet; write the model in Kiln JSON"
                    : "Kiln cannot train " + className + " layers");
        };
    }

    /** Keras's LSTM and GRU as Kiln's: only what PyTorch's fused kernel computes exactly is read. */
    private static LayerSpec recurrent(String className, KerasConfig c, int rank, String name, List<String> inputs) {
        c.require(rank == 2, className + " reads a sequence (length, channels); its input has rank " + rank);
        c.require(c.text("activation", "tanh").equals("tanh"), "activation " + c.text("activation", "")
                + "; Kiln's recurrent layers use tanh");
        c.require(c.text("recurrent_activation", "sigmoid").equals("sigmoid"), "recurrent_activation "
                + c.text("recurrent_activation", "") + "; Kiln's recurrent layers use sigmoid");
        c.require(c.bool("use_bias", true), "use_bias is off; Kiln's recurrent layers have biases");
        c.require(!c.bool("return_state", false), "return_state is on; a Kiln layer has one output");
        c.require(!c.bool("go_backwards", false), "go_backwards is on; wrap the layer in Kiln's bidirectional");
        c.require(!c.bool("stateful", false), "stateful is on; Kiln's batches are independent");
        c.require(c.node("recurrent_dropout") == null || c.node("recurrent_dropout").asDouble() == 0.0,
                "recurrent_dropout > 0; PyTorch's fused kernel cannot drop recurrent connections");
        c.absent("kernel_regularizer", "recurrent_regularizer", "recurrent_constraint");
        c.require(KerasValues.initializer(c.node("bias_initializer"), Initializer.ZEROS) == Initializer.ZEROS,
                "bias_initializer is not zeros; Kiln's recurrent biases start at zero");
        double dropout = c.node("dropout") == null ? 0.0 : c.number("dropout");
        Initializer kernel = KerasValues.initializer(c.node("kernel_initializer"), Initializer.GLOROT_UNIFORM);
        Initializer recurrent = KerasValues.initializer(c.node("recurrent_initializer"), Initializer.ORTHOGONAL);
        boolean sequences = c.bool("return_sequences", false);
        if (className.equals("LSTM")) {
            c.require(c.bool("unit_forget_bias", true), "unit_forget_bias is off; Kiln's forget gate bias starts at 1");
            return new Sequences.Lstm(name, inputs, c.integer("units"), sequences, dropout, 0.0, kernel, recurrent);
        }
        c.require(c.bool("reset_after", false), "reset_after is off; PyTorch's GRU applies the reset gate after the "
                + "recurrent product (Keras's reset_after=True)");
        return new Sequences.Gru(name, inputs, c.integer("units"), sequences, dropout, 0.0, kernel, recurrent);
    }

    private static Window window(KerasConfig c, String key) {
        List<Integer> sides = c.integers(key, 2);
        if (sides == null) {
            return null;
        }
        if (sides.size() != 2) {
            throw new Unsupported(key + " " + sides + " is not two sides");
        }
        return new Window(sides.get(0), sides.get(1));
    }

    /** Keras reshapes the channels-last layout: permuted to it, reshaped, permuted back to channels first. */
    private static List<LayerSpec> reshape(KerasConfig c, int rank, String name, List<String> inputs) {
        List<Integer> target = c.integers("target_shape", 0);
        List<LayerSpec> layers = new ArrayList<>();
        List<String> feeding = inputs;
        if (rank >= 2) {
            String toLast = name + "/to_channels_last";
            layers.add(new Reshaping.Permute(toLast, feeding, KerasAxes.toChannelsLast(rank)));
            feeding = List.of(toLast);
        }
        boolean back = target.size() >= 2;
        String reshaped = back ? name + "/reshape" : name;
        layers.add(new Reshaping.Reshape(reshaped, feeding, target.stream().map(t -> t == null ? -1 : t).toList()));
        if (back) {
            layers.add(new Reshaping.Permute(name, List.of(reshaped), KerasAxes.toChannelsFirst(target.size())));
        }
        return layers;
    }
}
