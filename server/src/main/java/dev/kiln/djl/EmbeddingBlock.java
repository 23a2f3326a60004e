package dev.kiln.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.PairList;
import dev.kiln.model.Initializer;

/**
 * Kiln's embedding: reads ids as the preprocessing encodes them — ordinal categories (0, 1, …, −1 for an unknown or
 * missing one, shifted by one so that 0 stands for unknown) or text ids (0 padding, 1 out of vocabulary, as they
 * are) — and looks up one learned vector per id.
 * {@code (batch, columns)} becomes {@code (batch, outputDim, columns)}, channels first like every Kiln sequence. With
 * {@code maskZero}, id 0 always maps to zeros (and its row gets no gradient).
 */
final class EmbeddingBlock extends AbstractBlock {
    private final int inputDim;
    private final int outputDim;
    private final boolean maskZero;
    private final float idShift;
    private final Parameter embeddings;
    private final float l2;
    private NDArray penalty;

    EmbeddingBlock(int inputDim, int outputDim, boolean maskZero, Initializer initializer, int idShift) {
        this(inputDim, outputDim, maskZero, initializer, idShift, 0);
    }

    /** {@code l2}: the penalty on the vectors a training batch looks up (see {@link #takePenalty()}). */
    EmbeddingBlock(int inputDim, int outputDim, boolean maskZero, Initializer initializer, int idShift, double l2) {
        this.l2 = (float) l2;
        this.idShift = idShift;
        this.inputDim = inputDim;
        this.outputDim = outputDim;
        this.maskZero = maskZero;
        this.embeddings = addParameter(Parameter.builder().setName("embeddings").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(inputDim, outputDim)).optInitializer(new KerasInitializer(initializer)).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray weights = parameterStore.getValue(embeddings, x.getDevice(), training);
        NDArray ids = (idShift == 0 ? x : x.add(idShift)).clip(0, inputDim - 1).toType(DataType.INT64, false);
        // torch.nn.functional.embedding: its output belongs to the batch's scope (the ids'), where an index on the
        // weights would have left each batch's output, and what backward keeps of it, in the model's manager
        NDArray vectors = JniUtils.embedding((PtNDArray) ids, (PtNDArray) weights, false);
        if (vectors.getManager() != x.getManager()) {
            vectors.attach(x.getManager());
        }
        if (maskZero) {
            vectors = vectors.mul(ids.neq(0).toType(DataType.FLOAT32, false).expandDims(-1));
        }
        NDArray scales = training ? null : InputGradients.pathScales();
        if (scales != null) {
            // integrated gradients over embeddings: the vectors scaled along the path, and the ids' input taking the
            // derivative along it (x − detach(x) is 0 but passes a gradient of 1)
            vectors = vectors.mul(scales.reshape(-1, 1).add(x.sub(x.stopGradient())).expandDims(-1));
        }
        if (training && l2 > 0) {
            // l2 · Σ v² over this batch's lookups, per row: SGD matrix factorization's penalty, the rows it touches
            penalty = vectors.square().sum().mul(l2 / x.getShape().get(0));
        }
        return new NDList(vectors.transpose(0, 2, 1));
    }

    /** Whether training adds a penalty on the looked-up vectors. */
    boolean regularized() {
        return l2 > 0;
    }

    /** The penalty of the last training forward pass (in that batch's scope), then forgotten; null if none. */
    NDArray takePenalty() {
        NDArray taken = penalty;
        penalty = null;
        return taken;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), outputDim, inputShapes[0].get(1))};
    }
}
