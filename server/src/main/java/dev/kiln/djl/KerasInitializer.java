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

    KerasInitializer(Initializer kind) {
        this.kind = kind;
    }

    @Override
    public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
        double fanIn = fanIn(shape);
        double fanOut = fanOut(shape);
        return switch (kind) {
            case ZEROS -> manager.zeros(shape, dataType);
            case ONES -> manager.ones(shape, dataType);
            case RANDOM_UNIFORM -> uniform(manager, shape, dataType, 0.05);
            case GLOROT_UNIFORM -> uniform(manager, shape, dataType, Math.sqrt(6 / (fanIn + fanOut)));
            case HE_UNIFORM -> uniform(manager, shape, dataType, Math.sqrt(6 / fanIn));
            case GLOROT_NORMAL -> truncatedNormal(manager, shape, dataType, Math.sqrt(2 / (fanIn + fanOut)));
            case HE_NORMAL -> truncatedNormal(manager, shape, dataType, Math.sqrt(2 / fanIn));
            case LECUN_NORMAL -> truncatedNormal(manager, shape, dataType, Math.sqrt(1 / fanIn));
        };
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
