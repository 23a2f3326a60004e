package dev.kiln.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.Pair;
import dev.kiln.run.spec.Optimizer;
import java.util.ArrayList;
import java.util.List;

/**
 * One optimizer step over every trainable parameter, with the engine's native Adam, AdamW and SGD updates (the
 * ones DJL's optimizers call). DJL's parameter server first copies each gradient, although the native update
 * copies it again; calling the update directly saves that copy and its wrapper on every parameter of every
 * step. The update rules are DJL's: Adam with bias correction folded into the step size, AdamW with decoupled
 * weight decay, SGD with momentum as {@code v = μ·v + lr·(g + wd·w); w −= v}.
 */
final class OptimizerStep implements AutoCloseable {
    private record Slot(PtNDArray weight, PtNDArray first, PtNDArray second) {}

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(OptimizerStep.class);

    private final Optimizer spec;
    private final NDManager state;
    private final List<Slot> slots = new ArrayList<>();
    private int updates;
    private FusedAdam fused;

    /** Optimizer state (moments, velocities) lives in {@code state}, one set per trainable parameter. */
    OptimizerStep(Block block, Optimizer spec, NDManager state) {
        this.spec = spec;
        this.state = state;
        boolean sgd = spec instanceof Optimizer.Sgd;
        for (Pair<String, Parameter> pair : block.getParameters()) {
            Parameter parameter = pair.getValue();
            if (!parameter.requiresGradient()) {
                continue; // batch normalization's running statistics
            }
            NDArray weight = parameter.getArray();
            NDArray first = state.zeros(weight.getShape(), weight.getDataType());
            NDArray second = sgd ? first : state.zeros(weight.getShape(), weight.getDataType());
            slots.add(new Slot((PtNDArray) weight, (PtNDArray) first, (PtNDArray) second));
        }
        if (!sgd && !slots.isEmpty()) {
            try {
                fused = new FusedAdam(slots.stream().map(Slot::weight).toList(), slots.stream().map(Slot::first)
                        .toList(), slots.stream().map(Slot::second).toList(),
                        (ai.djl.pytorch.engine.PtNDManager) state);
            } catch (RuntimeException e) {
                log.warn("PyTorch's fused Adam is not available ({}); using DJL's update", e.getMessage());
            }
        }
    }

    /** Releases the fused optimizer's module and lists (the moments belong to the state manager). */
    @Override
    public void close() {
        if (fused != null) {
            fused.close();
        }
    }

    /** The optimizer's state, for checkpoints: per parameter its first and (for Adam) second moment. */
    List<NDArray> state() {
        List<NDArray> state = new ArrayList<>();
        for (Slot slot : slots) {
            state.add(slot.first());
            if (slot.second() != slot.first()) {
                state.add(slot.second());
            }
        }
        return state;
    }

    /** Steps taken so far (Adam's bias correction depends on it). */
    int updates() {
        return updates;
    }

    /** Restores the state of {@link #state()} and the step count from a checkpoint. */
    void restore(List<NDArray> state, int updates) {
        List<NDArray> mine = state();
        if (mine.size() != state.size()) {
            throw new IllegalStateException("the checkpoint holds " + state.size() + " optimizer arrays, this run has "
                    + mine.size());
        }
        for (int i = 0; i < mine.size(); i++) {
            state.get(i).copyTo(mine.get(i));
        }
        this.updates = updates;
    }

    /**
     * Applies the gradients of the last backward pass — clipped by value and by global norm when the optimizer
     * asks for it — then zeroes them for the next one.
     */
    void step(float learningRate) {
        updates++;
        if (fused != null) {
            boolean decoupled = spec instanceof Optimizer.AdamW;
            fused.step(updates, learningRate, beta(decoupled, 1), beta(decoupled, 2), epsilon(decoupled),
                    spec.weightDecay(), decoupled, spec.clipValue() == null ? 0 : spec.clipValue(),
                    spec.clipNorm() == null ? 0 : spec.clipNorm());
            return;
        }
        List<PtNDArray> gradients = new ArrayList<>(slots.size());
        try (NDManager scope = state.newSubManager()) {
            for (Slot slot : slots) {
                gradients.add(slot.weight().getGradient());
            }
            clip(gradients, scope);
            update(gradients, learningRate);
        } finally {
            gradients.forEach(NDArray::close);
        }
        for (Slot slot : slots) {
            JniUtils.zeroGrad(slot.weight());
        }
    }

    private void update(List<PtNDArray> gradients, float learningRate) {
        float decay = spec.weightDecay().floatValue();
        if (spec instanceof Optimizer.Sgd sgd) {
            float momentum = sgd.momentum().floatValue();
            for (int i = 0; i < slots.size(); i++) {
                Slot slot = slots.get(i);
                JniUtils.sgdUpdate(slot.weight(), gradients.get(i), momentum == 0f ? null : slot.first(), learningRate,
                        decay, 1f, -1f, momentum);
            }
            return;
        }
        boolean decoupled = spec instanceof Optimizer.AdamW;
        float beta1 = (decoupled ? ((Optimizer.AdamW) spec).beta1() : ((Optimizer.Adam) spec).beta1()).floatValue();
        float beta2 = (decoupled ? ((Optimizer.AdamW) spec).beta2() : ((Optimizer.Adam) spec).beta2()).floatValue();
        float epsilon = (decoupled ? ((Optimizer.AdamW) spec).epsilon() : ((Optimizer.Adam) spec).epsilon())
                .floatValue();
        float corrected = (float) (learningRate * Math.sqrt(1 - Math.pow(beta2, updates)) / (1 - Math.pow(beta1, updates)));
        for (int i = 0; i < slots.size(); i++) {
            Slot slot = slots.get(i);
            JniUtils.adamUpdate(slot.weight(), gradients.get(i), slot.first(), slot.second(), learningRate, corrected,
                    decay, 1f, -1f, beta1, beta2, epsilon, decoupled);
        }
    }

    private double beta(boolean decoupled, int which) {
        if (decoupled) {
            var w = (Optimizer.AdamW) spec;
            return which == 1 ? w.beta1() : w.beta2();
        }
        var a = (Optimizer.Adam) spec;
        return which == 1 ? a.beta1() : a.beta2();
    }

    private double epsilon(boolean decoupled) {
        return decoupled ? ((Optimizer.AdamW) spec).epsilon() : ((Optimizer.Adam) spec).epsilon();
    }

    /**
     * Clips each element to ±clipValue, then scales all gradients by min(1, clipNorm / ‖g‖) with ‖g‖ their global
     * L2 norm (Keras's global_clipnorm). Works in place on the gradient tensors, on the native side.
     */
    private void clip(List<PtNDArray> gradients, NDManager scope) {
        if (spec.clipValue() != null) {
            float limit = spec.clipValue().floatValue();
            for (PtNDArray g : gradients) {
                g.intern(JniUtils.clip(g, -limit, limit));
            }
        }
        if (spec.clipNorm() != null) {
            NDArray squares = null;
            for (PtNDArray g : gradients) {
                NDArray s = in(scope, in(scope, g.square()).sum());
                squares = squares == null ? s : in(scope, squares.add(s));
            }
            NDArray norm = in(scope, squares.sqrt());
            NDArray factor = in(scope, in(scope, in(scope, norm.add(1e-6f)).pow(-1f)).mul(spec.clipNorm().floatValue()));
            NDArray capped = in(scope, factor.minimum(1f));
            for (PtNDArray g : gradients) {
                g.muli(capped);
            }
        }
    }

    private static NDArray in(NDManager scope, NDArray array) {
        array.attach(scope);
        return array;
    }
}
