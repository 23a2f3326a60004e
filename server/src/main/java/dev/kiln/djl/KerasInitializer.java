package dev.kiln.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.kiln.model.Initializer;

/**
 * Keras's initializers on DJL parameters, drawn from the engine's seeded generator. Fans follow Keras for
 * DJL's layouts: a dense kernel is (out, in), a convolution kernel (out, in, kh, kw).
 */
final class KerasInitializer implements ai.djl.training.initializer.Initializer {
    /** Φ(−2) and Φ(2): a normal variable cut at two standard deviations is drawn from this uniform range. */
    private static final double LOW = 0.022750131948179195;
    private static final double HIGH = 0.9772498680518208;
    /** Standard deviation of a standard normal truncated at ±2 (Keras divides by it to keep the variance). */
    private static final double TRUNCATED_STD = 0.87962566103423978;

    private final Initializer kind;
    private final double[] fans;

    KerasInitializer(Initializer kind) {
        this.kind = kind;
        this.fans = null;
    }

    /** With the fans Keras computes for a kernel whose layout DJL's does not show (attention's projections). */
    KerasInitializer(Initializer kind, double fanIn, double fanOut) {
        this.kind = kind;
        this.fans = new double[] {fanIn, fanOut};
    }

    @Override
    public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
        double fanIn = fans != null ? fans[0] : fanIn(shape);
        double fanOut = fans != null ? fans[1] : fanOut(shape);
        return switch (kind) {
            case ZEROS -> manager.zeros(shape, dataType);
            case ONES -> manager.ones(shape, dataType);
            case RANDOM_UNIFORM -> uniform(manager, shape, dataType, 0.05);
            case GLOROT_UNIFORM -> uniform(manager, shape, dataType, Math.sqrt(6 / (fanIn + fanOut)));
            case HE_UNIFORM -> uniform(manager, shape, dataType, Math.sqrt(6 / fanIn));
            case GLOROT_NORMAL -> truncatedNormal(manager, shape, dataType, Math.sqrt(2 / (fanIn + fanOut)));
            case HE_NORMAL -> truncatedNormal(manager, shape, dataType, Math.sqrt(2 / fanIn));
            case LECUN_NORMAL -> truncatedNormal(manager, shape, dataType, Math.sqrt(1 / fanIn));
            case ORTHOGONAL -> orthogonal(manager, shape, dataType);
        };
    }

    /**
     * Keras's orthogonal: the Q of a standard normal matrix's QR decomposition (Gram–Schmidt, which keeps R's
     * diagonal positive), as (rows, everything else); orthonormal columns, or rows when there are fewer rows.
     */
    private static NDArray orthogonal(NDManager manager, Shape shape, DataType type) {
        int rows = Math.toIntExact(shape.get(0));
        int cols = Math.toIntExact(shape.size() / rows);
        int tall = Math.max(rows, cols);
        int wide = Math.min(rows, cols);
        double[][] q = new double[wide][tall];
        try (NDArray normal = manager.randomNormal(new Shape(wide, tall))) {
            float[] values = normal.toFloatArray();
            for (int j = 0; j < wide; j++) {
                for (int i = 0; i < tall; i++) {
                    q[j][i] = values[j * tall + i];
                }
            }
        }
        for (int j = 0; j < wide; j++) {
            for (int k = 0; k < j; k++) {
                double dot = 0;
                for (int i = 0; i < tall; i++) {
                    dot += q[j][i] * q[k][i];
                }
                for (int i = 0; i < tall; i++) {
                    q[j][i] -= dot * q[k][i];
                }
            }
            double norm = 0;
            for (int i = 0; i < tall; i++) {
                norm += q[j][i] * q[j][i];
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < tall; i++) {
                q[j][i] /= norm;
            }
        }
        float[] out = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[r * cols + c] = (float) (rows >= cols ? q[c][r] : q[r][c]);
            }
        }
        return manager.create(out, shape).toType(type, false);
    }

    private static NDArray uniform(NDManager manager, Shape shape, DataType type, double limit) {
        return manager.randomUniform((float) -limit, (float) limit, shape, type);
    }

    /** Inverse-CDF sampling: u uniform in [Φ(−2), Φ(2)], z = √2·erfinv(2u − 1), scaled to Keras's variance. */
    private static NDArray truncatedNormal(NDManager manager, Shape shape, DataType type, double std) {
        try (NDArray u = manager.randomUniform((float) LOW, (float) HIGH, shape, type)) {
            return u.mul(2).sub(1).erfinv().mul((float) (Math.sqrt(2) * std / TRUNCATED_STD));
        }
    }

    static double fanIn(Shape shape) {
        return shape.dimension() < 2 ? shape.get(0) : shape.get(1) * receptiveField(shape);
    }

    static double fanOut(Shape shape) {
        return shape.get(0) * (shape.dimension() < 2 ? 1 : receptiveField(shape));
    }

    private static double receptiveField(Shape shape) {
        double field = 1;
        for (int axis = 2; axis < shape.dimension(); axis++) {
            field *= shape.get(axis);
        }
        return field;
    }
}
