package dev.kiln.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/** The objective seen as a DJL {@link Loss}, which a trainer's configuration requires. */
final class ObjectiveLoss extends Loss {
    private final Objective objective;

    ObjectiveLoss(Objective objective) {
        super("loss");
        this.objective = objective;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        return objective.loss(predictions.singletonOrThrow(), labels.singletonOrThrow());
    }
}
