package dev.kiln.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.recurrent.GRU;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.nn.recurrent.RecurrentBlock;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import dev.kiln.model.Sequences;

/**
 * Keras's {@code LSTM}, {@code GRU} and {@code Bidirectional} on PyTorch's fused recurrent kernels. Reads a
 * channels-first sequence {@code (batch, channels, length)} and, when one comes with it, its mask; gives the last
 * state {@code (batch, units)} or every state {@code (batch, units, length)}.
 *
 * <p>Keras skips masked steps: the state is carried over them. Here the positions that count are moved before the
 * padding (in order) and the kernel runs once over all positions; the last state is the one at the last position
 * that counts, which is what skipping gives, and the backward direction reads the positions that count in reverse.
 * Without a mask nothing is moved.
 */
final class RecurrentLayer extends AbstractBlock {
    private final RecurrentBlock forward;
    private final RecurrentBlock backward;
    private final Sequences.MergeMode mergeMode;
    private final boolean returnSequences;
    private final float dropout;

    /** @param mergeMode how the directions join; null for one direction */
    RecurrentLayer(Sequences.Recurrent spec, Sequences.MergeMode mergeMode) {
        this.mergeMode = mergeMode;
        this.returnSequences = spec.returnSequences();
        this.dropout = spec.dropout().floatValue();
        this.forward = addChildBlock("forward", kernel(spec));
        this.backward = mergeMode == null ? null : addChildBlock("backward", kernel(spec));
    }

    private static RecurrentBlock kernel(Sequences.Recurrent spec) {
        RecurrentBlock block = spec instanceof Sequences.Lstm
                ? LSTM.builder().setStateSize(spec.units()).setNumLayers(1).optBatchFirst(true).build()
                : GRU.builder().setStateSize(spec.units()).setNumLayers(1).optBatchFirst(true).build();
        // DJL names the parameters l_0_i2h_WEIGHT, l_0_h2h_WEIGHT, l_0_i2h_BIAS and l_0_h2h_BIAS
        block.setInitializer(new KerasInitializer(spec.kernelInitializer()), p -> p.getName().contains("i2h_WEIGHT"));
        block.setInitializer(new KerasInitializer(spec.recurrentInitializer()),
                p -> p.getName().contains("h2h_WEIGHT"));
        block.setInitializer(spec instanceof Sequences.Lstm ? new ForgetBias(spec.units()) : Initializer.ZEROS,
                p -> p.getName().contains("i2h_BIAS"));
        block.setInitializer(Initializer.ZEROS, p -> p.getName().contains("h2h_BIAS"));
        return block;
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray x = inputs.get(0).transpose(0, 2, 1);
        NDArray mask = inputs.size() > 1 ? inputs.get(1) : null;
        Shape shape = x.getShape();
        if (training && dropout > 0f) {
            x = x.mul(FastDropout.mask(x.getManager(), new Shape(shape.get(0), 1, shape.get(2)), dropout,
                    x.getDevice()));
        }
        NDArray destinations = null;
        NDArray counts;
        if (mask != null) {
            destinations = SequenceMasks.destinations(mask);
            x = SequenceMasks.positions(x, SequenceMasks.compaction(destinations));
            counts = SequenceMasks.counts(mask);
        } else {
            counts = null;
        }
        NDArray out = run(forward, parameterStore, x, training, params);
        NDArray back = null;
        if (backward != null) {
            if (counts == null) {
                back = run(backward, parameterStore, x.flip(1), training, params).flip(1);
            } else {
                NDArray reversal = SequenceMasks.reversal(counts, shape.get(1));
                back = SequenceMasks.positions(run(backward, parameterStore, SequenceMasks.positions(x, reversal),
                        training, params), reversal);
            }
        }
        if (returnSequences) {
            NDArray all = merge(out, back);
            if (mask != null) {
                all = SequenceMasks.positions(all, destinations).mul(mask.expandDims(2));
            }
            return new NDList(all.transpose(0, 2, 1));
        }
        NDArray last;
        if (counts == null) {
            last = out.get(":, -1, :");
        } else {
            NDArray at = counts.sub(1f).maximum(0f).toType(DataType.INT64, false);
            last = SequenceMasks.positions(out, at).squeeze(1).mul(counts.gt(0f).toType(DataType.FLOAT32, false));
        }
        return new NDList(merge(last, back == null ? null : back.get(":, 0, :")));
    }

    private static NDArray run(RecurrentBlock block, ParameterStore store, NDArray x, boolean training,
                               PairList<String, Object> params) {
        return block.forward(store, new NDList(x), training, params).singletonOrThrow();
    }

    /** The two directions joined on the last axis as {@code mergeMode} says; the forward one alone without one. */
    private NDArray merge(NDArray forwards, NDArray backwards) {
        if (backwards == null) {
            return forwards;
        }
        int last = forwards.getShape().dimension() - 1;
        return switch (mergeMode) {
            case CONCAT -> forwards.concat(backwards, last);
            case SUM -> forwards.add(backwards);
            case MUL -> forwards.mul(backwards);
            case AVE -> forwards.add(backwards).div(2f);
        };
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        Shape sequence = new Shape(in.get(0), in.get(2), in.get(1));
        forward.initialize(manager, dataType, sequence);
        if (backward != null) {
            backward.initialize(manager, dataType, sequence);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        long units = forward.getOutputShapes(new Shape[] {new Shape(in.get(0), in.get(2), in.get(1))})[0].get(2)
                * (mergeMode == Sequences.MergeMode.CONCAT ? 2 : 1);
        return new Shape[] {returnSequences ? new Shape(in.get(0), units, in.get(2)) : new Shape(in.get(0), units)};
    }

    /** Keras's {@code unit_forget_bias}: the input bias starts at 0 but 1 on the forget gate (PyTorch's i, f, g, o). */
    private record ForgetBias(long units) implements Initializer {
        @Override
        public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
            float[] values = new float[Math.toIntExact(shape.size())];
            for (long i = units; i < 2 * units; i++) {
                values[(int) i] = 1f;
            }
            return manager.create(values, shape).toType(dataType, false);
        }
    }
}
