package dev.kiln.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.Trainer;
import java.util.Map;

/** Loss and metric over a whole split in inference mode, chunk by chunk. */
final class Evaluation {
    private static final int CHUNK = 8192;

    private Evaluation() {}

    static void evaluate(Trainer trainer, Objective objective, NDManager parent, Batches data, String prefix,
                         Map<String, Double> into) {
        try (NDManager scope = parent.newSubManager()) {
            NDArray lossSum = scope.zeros(new Shape());
            NDArray metricSum = scope.zeros(new Shape());
            for (int from = 0; from < data.rows(); from += CHUNK) {
                int to = Math.min(data.rows(), from + CHUNK);
                try (NDManager chunk = scope.newSubManager()) {
                    NDArray x = data.featureSlice(chunk, from, to);
                    NDArray y = data.labelSlice(chunk, from, to);
                    NDArray output = trainer.evaluate(new NDList(x)).singletonOrThrow();
                    lossSum.addi(objective.loss(output, y).mul(to - from));
                    metricSum.addi(objective.metricSum(output, y));
                }
            }
            into.put(prefix + "loss", objective.reportLoss(decimal(lossSum.getFloat() / data.rows())));
            into.put(prefix + objective.metric(), objective.reportMetric(decimal(metricSum.getFloat() / data.rows())));
        }
    }

    /** A float32 result as the decimal it stands for (0.9583333, not 0.9583333134651184). */
    static double decimal(float value) {
        return Double.parseDouble(Float.toString(value));
    }
}
