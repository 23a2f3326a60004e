package dev.kiln.model.keras;

import dev.kiln.model.Activation;
import dev.kiln.model.Initializer;
import dev.kiln.model.Padding;
import dev.kiln.model.keras.KerasConfig.Unsupported;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Keras's names and objects for activations, initializers, regularizers and padding, and Kiln's for them. */
final class KerasValues {
    private KerasValues() {}

    private static final Map<String, Activation> ACTIVATIONS = Map.ofEntries(Map.entry("linear", Activation.LINEAR),
            Map.entry("relu", Activation.RELU), Map.entry("sigmoid", Activation.SIGMOID),
            Map.entry("tanh", Activation.TANH), Map.entry("softmax", Activation.SOFTMAX),
            Map.entry("elu", Activation.ELU), Map.entry("selu", Activation.SELU), Map.entry("gelu", Activation.GELU),
            Map.entry("swish", Activation.SWISH), Map.entry("silu", Activation.SWISH),
            Map.entry("leaky_relu", Activation.LEAKY_RELU));

    static Activation activationNamed(String keras) {
        Activation found = ACTIVATIONS.get(keras);
        if (found == null) {
            throw new Unsupported("the activation '" + keras + "'; Kiln has " + String.join(", ",
                    ACTIVATIONS.keySet().stream().sorted().toList()));
        }
        return found;
    }

    /** The activation a layer's {@code activation} option names (a name, or a serialized function). */
    static Activation activation(KerasConfig c) {
        if (!c.has("activation")) {
            return Activation.LINEAR;
        }
        JsonNode value = c.node("activation");
        String name = value.isString() ? value.asString() : value.path("config").path("name").asString(
                value.path("class_name").asString(""));
        return activationNamed(name);
    }

    /** The activation of an activation layer: {@code Activation}, {@code ReLU}, {@code Softmax}, {@code LeakyReLU}. */
    static Activation activationLayer(String className, KerasConfig c) {
        switch (className) {
            case "ReLU" -> {
                c.absent("max_value");
                c.require(c.number("negative_slope") == null || c.number("negative_slope") == 0, "negative_slope");
                c.require(c.number("threshold") == null || c.number("threshold") == 0, "threshold");
                return Activation.RELU;
            }
            case "Softmax" -> {
                c.require(!c.has("axis") || c.node("axis").asInt() == -1, "softmax over an axis other than the last");
                return Activation.SOFTMAX;
            }
            case "LeakyReLU" -> {
                Double slope = c.number("negative_slope") != null ? c.number("negative_slope") : c.number("alpha");
                c.require(slope != null && Math.abs(slope - 0.2) < 1e-9, "LeakyReLU with a slope of " + (slope == null
                        ? "0.3 (Keras 2's default)" : slope) + "; Kiln's leakyRelu has 0.2");
                return Activation.LEAKY_RELU;
            }
            default -> {
                return activation(c);
            }
        }
    }

    static Padding padding(KerasConfig c) {
        String padding = c.text("padding", "valid");
        return switch (padding) {
            case "valid" -> Padding.VALID;
            case "same" -> Padding.SAME;
            default -> throw new Unsupported("padding '" + padding + "'; Kiln has valid and same");
        };
    }

    /** A Keras initializer (an object, or Keras 2's string) as Kiln's. */
    static Initializer initializer(JsonNode value, Initializer fallback) {
        if (value == null || value.isNull()) {
            return fallback;
        }
        String name = value.isString() ? value.asString() : value.path("class_name").asString("");
        JsonNode config = value.path("config");
        return switch (name) {
            case "GlorotUniform", "glorot_uniform" -> Initializer.GLOROT_UNIFORM;
            case "GlorotNormal", "glorot_normal" -> Initializer.GLOROT_NORMAL;
            case "HeUniform", "he_uniform" -> Initializer.HE_UNIFORM;
            case "HeNormal", "he_normal" -> Initializer.HE_NORMAL;
            case "LecunNormal", "lecun_normal" -> Initializer.LECUN_NORMAL;
            case "Zeros", "zeros" -> Initializer.ZEROS;
            case "Ones", "ones" -> Initializer.ONES;
            case "RandomUniform", "uniform", "random_uniform" -> {
                double low = config.path("minval").asDouble(-0.05);
                double high = config.path("maxval").asDouble(0.05);
                if (Math.abs(low + 0.05) > 1e-9 || Math.abs(high - 0.05) > 1e-9) {
                    throw new Unsupported("RandomUniform(" + low + ", " + high + "); Kiln's randomUniform is ±0.05");
                }
                yield Initializer.RANDOM_UNIFORM;
            }
            case "Orthogonal", "orthogonal" -> {
                if (Math.abs(config.path("gain").asDouble(1.0) - 1.0) > 1e-9) {
                    throw new Unsupported("Orthogonal(gain=" + config.path("gain").asDouble() + "); Kiln's "
                            + "orthogonal has gain 1");
                }
                yield Initializer.ORTHOGONAL;
            }
            case "VarianceScaling" -> varianceScaling(config);
            default -> throw new Unsupported("the initializer " + name + "; Kiln has GlorotUniform, GlorotNormal, "
                    + "HeUniform, HeNormal, LecunNormal, Zeros, Ones, RandomUniform(±0.05), Orthogonal");
        };
    }

    /** Keras 2 writes Glorot and He initializers as VarianceScaling with their parameters. */
    private static Initializer varianceScaling(JsonNode config) {
        double scale = config.path("scale").asDouble(1.0);
        String mode = config.path("mode").asString("fan_in");
        String distribution = config.path("distribution").asString("truncated_normal");
        boolean normal = distribution.equals("truncated_normal") || distribution.equals("normal");
        if (scale == 1.0 && mode.equals("fan_avg")) {
            return normal ? Initializer.GLOROT_NORMAL : Initializer.GLOROT_UNIFORM;
        }
        if (scale == 2.0 && mode.equals("fan_in")) {
            return normal ? Initializer.HE_NORMAL : Initializer.HE_UNIFORM;
        }
        if (scale == 1.0 && mode.equals("fan_in") && normal) {
            return Initializer.LECUN_NORMAL;
        }
        throw new Unsupported("VarianceScaling(scale " + scale + ", " + mode + ", " + distribution + ") is none of "
                + "Kiln's initializers");
    }

    /** A kernel regularizer as {l1, l2}. */
    static double[] regularizer(JsonNode value) {
        if (value == null || value.isNull()) {
            return new double[] {0, 0};
        }
        String name = value.path("class_name").asString("");
        JsonNode config = value.path("config");
        return switch (name) {
            case "L1L2" -> new double[] {config.path("l1").asDouble(0), config.path("l2").asDouble(0)};
            case "L1", "l1" -> new double[] {config.path("l1").asDouble(0.01), 0};
            case "L2", "l2" -> new double[] {0, config.path("l2").asDouble(0.01)};
            default -> throw new Unsupported("the regularizer " + name + "; Kiln has L1, L2 and L1L2");
        };
    }

    /** Normalization layers must work on the channels: Keras's last axis. */
    static void channelAxis(KerasConfig c, int rank) {
        if (!c.has("axis")) {
            return;
        }
        JsonNode axis = KerasConfig.unwrap(c.node("axis"));
        if (axis.isArray() && axis.size() == 1) {
            axis = axis.get(0);
        }
        int value = axis.asInt();
        c.require(axis.isIntegralNumber() && (value == -1 || value == rank), "normalization over axis " + axis
                + "; Kiln normalizes over the channels (Keras's last axis)");
    }
}
