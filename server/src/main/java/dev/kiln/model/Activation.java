package dev.kiln.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Activation functions, named as in Keras. */
@io.swagger.v3.oas.annotations.media.Schema(name = "Activation", enumAsRef = true, description = "an activation function, named as in Keras")
public enum Activation {
    LINEAR("linear"), RELU("relu"), SIGMOID("sigmoid"), TANH("tanh"), SOFTMAX("softmax"),
    LEAKY_RELU("leakyRelu"), ELU("elu"), SELU("selu"), GELU("gelu"), SWISH("swish");

    private final String json;

    Activation(String json) {
        this.json = json;
    }

    @JsonValue
    public String json() {
        return json;
    }

    @JsonCreator
    public static Activation of(String name) {
        return Arrays.stream(values()).filter(a -> a.json.equalsIgnoreCase(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown activation '" + name + "'; expected one of "
                        + Arrays.stream(values()).map(Activation::json).collect(Collectors.joining(", "))));
    }

    /** Activations that turn logits into probabilities; as a model's last step they are folded into the loss. */
    public boolean isProbabilistic() {
        return this == SIGMOID || this == SOFTMAX;
    }
}
