package dev.kiln.djl;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;

/** A copy of the parameters of the best epoch, kept when the run restores its best weights at the end. */
final class BestWeights {
    private final Model model;
    private final boolean enabled;
    private final NDManager scope;
    private List<NDArray> copy;

    BestWeights(Model model, boolean enabled, NDManager scope) {
        this.model = model;
        this.enabled = enabled;
        this.scope = scope;
    }

    boolean kept() {
        return enabled;
    }

    void keep() {
        if (!enabled) {
            return;
        }
        List<NDArray> parameters = Checkpoints.parameters(model.getBlock());
        if (copy == null) {
            copy = new ArrayList<>();
            for (NDArray p : parameters) {
                NDArray c = scope.zeros(p.getShape(), p.getDataType());
                copy.add(c);
            }
        }
        for (int i = 0; i < parameters.size(); i++) {
            parameters.get(i).copyTo(copy.get(i));
        }
    }

    void restore() {
        if (copy == null) {
            return;
        }
        List<NDArray> parameters = Checkpoints.parameters(model.getBlock());
        for (int i = 0; i < parameters.size(); i++) {
            copy.get(i).copyTo(parameters.get(i));
        }
    }
}
