package dev.kiln.djl;

import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.kiln.run.OptimizerSpec;

/** A resolved optimizer spec as a DJL optimizer. */
final class Optimizers {
    private Optimizers() {}

    static Optimizer of(OptimizerSpec spec) {
        Tracker rate = Tracker.fixed(spec.learningRate().floatValue());
        float decay = spec.weightDecay().floatValue();
        return switch (spec.type()) {
            case "sgd" -> Optimizer.sgd().setLearningRateTracker(rate).optMomentum(spec.momentum().floatValue())
                    .optWeightDecays(decay).build();
            case "adamw" -> Optimizer.adamW().optLearningRateTracker(rate).optBeta1(spec.beta1().floatValue())
                    .optBeta2(spec.beta2().floatValue()).optEpsilon(spec.epsilon().floatValue())
                    .optWeightDecays(decay).build();
            default -> Optimizer.adam().optLearningRateTracker(rate).optBeta1(spec.beta1().floatValue())
                    .optBeta2(spec.beta2().floatValue()).optEpsilon(spec.epsilon().floatValue())
                    .optWeightDecays(decay).build();
        };
    }
}
