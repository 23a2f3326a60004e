package dev.kiln.run.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Positive;
import org.jspecify.annotations.Nullable;

/**
 * The optimizer of a run ({@code hyperparameters.optimizer}). DJL's PyTorch engine implements exactly these three,
 * so nothing else is accepted. Each kind takes only its own fields; every field has its default here and nowhere
 * else. Clipping is shared: {@code clipValue} clips every gradient element to ±clipValue, {@code clipNorm} scales all
 * gradients together so that their global L2 norm is at most clipNorm (Keras's {@code global_clipnorm}).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Optimizer.Adam.class, name = "adam"),
        @JsonSubTypes.Type(value = Optimizer.AdamW.class, name = "adamw"),
        @JsonSubTypes.Type(value = Optimizer.Sgd.class, name = "sgd")})
@Schema(description = "adam, adamw or sgd, each with its own fields")
public sealed interface Optimizer {

    Double learningRate();

    /** The L2 penalty the optimizer applies (decoupled for AdamW). */
    Double weightDecay();

    @Nullable Double clipValue();

    @Nullable Double clipNorm();

    /** The same optimizer with another learning rate (a study's sampled value, say). */
    Optimizer withLearningRate(double learningRate);

    /** The optimizer of a run that names none: Adam with its defaults. */
    static Optimizer defaults() {
        return Adam.defaults();
    }

    /** Values the optimizer keeps per trainable parameter: Adam's two moments, SGD's velocity when it has momentum. */
    default int stateSlots() {
        return this instanceof Sgd sgd ? (sgd.momentum() > 0 ? 1 : 0) : 2;
    }

    /**
     * Adam (Kingma and Ba) with bias correction.
     *
     * @param epsilon added to the denominator (Keras's default, 1e-7, not PyTorch's 1e-8)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "Adam with bias correction")
    record Adam(@Schema(description = "step size") @Positive @DecimalMax("10.0") Double learningRate,
                @Schema(description = "decay of the first moment") @DecimalMin("0.0")
                @DecimalMax(value = "1.0", inclusive = false) Double beta1,
                @Schema(description = "decay of the second moment") @DecimalMin("0.0")
                @DecimalMax(value = "1.0", inclusive = false) Double beta2,
                @Schema(description = "added to the denominator") @Positive @DecimalMax("1.0") Double epsilon,
                @Schema(description = "L2 penalty added to the gradient") @DecimalMin("0.0") @DecimalMax("1.0")
                Double weightDecay,
                @Schema(description = "clip each gradient element to ±clipValue; none when absent") @Positive
                @Nullable Double clipValue,
                @Schema(description = "scale the gradients so that their global L2 norm is at most clipNorm; none "
                        + "when absent") @Positive @Nullable Double clipNorm) implements Optimizer {
        public Adam {
            learningRate = learningRate == null ? 0.001 : learningRate;
            beta1 = beta1 == null ? 0.9 : beta1;
            beta2 = beta2 == null ? 0.999 : beta2;
            epsilon = epsilon == null ? 1e-7 : epsilon;
            weightDecay = weightDecay == null ? 0.0 : weightDecay;
        }

        public static Adam defaults() {
            return new Adam(null, null, null, null, null, null, null);
        }

        @Override
        public Adam withLearningRate(double rate) {
            return new Adam(rate, beta1, beta2, epsilon, weightDecay, clipValue, clipNorm);
        }
    }

    /** AdamW (Loshchilov and Hutter): Adam with weight decay decoupled from the gradient. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "Adam with decoupled weight decay")
    record AdamW(@Schema(description = "step size") @Positive @DecimalMax("10.0") Double learningRate,
                 @Schema(description = "decay of the first moment") @DecimalMin("0.0")
                 @DecimalMax(value = "1.0", inclusive = false) Double beta1,
                 @Schema(description = "decay of the second moment") @DecimalMin("0.0")
                 @DecimalMax(value = "1.0", inclusive = false) Double beta2,
                 @Schema(description = "added to the denominator") @Positive @DecimalMax("1.0") Double epsilon,
                 @Schema(description = "decoupled weight decay, applied to the weights at each step")
                 @DecimalMin("0.0") @DecimalMax("1.0") Double weightDecay,
                 @Schema(description = "clip each gradient element to ±clipValue; none when absent") @Positive
                 @Nullable Double clipValue,
                 @Schema(description = "scale the gradients so that their global L2 norm is at most clipNorm; none "
                         + "when absent") @Positive @Nullable Double clipNorm) implements Optimizer {
        public AdamW {
            learningRate = learningRate == null ? 0.001 : learningRate;
            beta1 = beta1 == null ? 0.9 : beta1;
            beta2 = beta2 == null ? 0.999 : beta2;
            epsilon = epsilon == null ? 1e-7 : epsilon;
            weightDecay = weightDecay == null ? 0.01 : weightDecay;
        }

        @Override
        public AdamW withLearningRate(double rate) {
            return new AdamW(rate, beta1, beta2, epsilon, weightDecay, clipValue, clipNorm);
        }
    }

    /** Stochastic gradient descent with momentum: {@code v = μ·v + lr·(g + wd·w); w −= v}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "Stochastic gradient descent with momentum")
    record Sgd(@Schema(description = "step size") @Positive @DecimalMax("10.0") Double learningRate,
               @Schema(description = "momentum") @DecimalMin("0.0") @DecimalMax(value = "1.0", inclusive = false)
               Double momentum,
               @Schema(description = "L2 penalty added to the gradient") @DecimalMin("0.0") @DecimalMax("1.0")
               Double weightDecay,
               @Schema(description = "clip each gradient element to ±clipValue; none when absent") @Positive
               @Nullable Double clipValue,
               @Schema(description = "scale the gradients so that their global L2 norm is at most clipNorm; none "
                       + "when absent") @Positive @Nullable Double clipNorm) implements Optimizer {
        public Sgd {
            learningRate = learningRate == null ? 0.01 : learningRate;
            momentum = momentum == null ? 0.0 : momentum;
            weightDecay = weightDecay == null ? 0.0 : weightDecay;
        }

        @Override
        public Sgd withLearningRate(double rate) {
            return new Sgd(rate, momentum, weightDecay, clipValue, clipNorm);
        }
    }

    /** The {@code type} this optimizer is written with. */
    @JsonIgnore
    default String typeName() {
        return this instanceof Adam ? "adam" : this instanceof AdamW ? "adamw" : "sgd";
    }
}
