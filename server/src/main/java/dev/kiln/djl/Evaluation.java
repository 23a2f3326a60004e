package dev.kiln.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.Trainer;
import dev.kiln.feature.EncodedRows;
import dev.kiln.training.Scoring;
import dev.kiln.training.TrainingJob;
import dev.kiln.metrics.MetricSpec;
import java.util.List;
import java.util.Map;

/**
 * A whole split in inference mode, chunk by chunk (sized to the network's largest activation): the loss (plus the weights' penalty, as Keras reports it) and
 * the run's metrics, computed once from all the split's outputs.
 */
final class Evaluation {
    private Evaluation() {}

    /** The split's raw outputs, row-major. */
    record Outputs(float[] values, int width, double meanLoss) {}

    static Outputs outputs(Trainer trainer, Objective objective, NDManager parent, Batches data) {
        try (NDManager scope = parent.newSubManager()) {
            NDArray lossSum = scope.zeros(new Shape());
            float[] values = null;
            int width = 0;
            for (int from = 0; from < data.rows(); from += data.chunk()) {
                int to = Math.min(data.rows(), from + data.chunk());
                try (NDManager chunk = scope.newSubManager()) {
                    NDArray output = trainer.evaluate(new NDList(data.featureSlice(chunk, from, to))).singletonOrThrow();
                    lossSum.addi(objective.loss(output, data.labelSlice(chunk, from, to)).mul(to - from));
                    float[] part = output.toFloatArray();
                    if (values == null) {
                        width = part.length / (to - from);
                        values = new float[data.rows() * width];
                    }
                    System.arraycopy(part, 0, values, from * width, part.length);
                }
            }
            return new Outputs(values, width, lossSum.getFloat() / data.rows());
        }
    }

    static void evaluate(Trainer trainer, Objective objective, NDManager parent, Batches data, EncodedRows rows,
                         TrainingJob job, List<MetricSpec> metrics, double penalty, String prefix,
                         Map<String, Double> into) {
        Outputs outputs = outputs(trainer, objective, parent, data);
        into.put(prefix + "loss", objective.reportLoss(decimal((float) (outputs.meanLoss() + penalty))));
        Scoring.score(metrics, job.task(), outputs.values(), outputs.width(), rows.targets(),
                job.targetScale()).forEach((name, value) -> into.put(prefix + name, value));
    }

    /** A float32 result as the decimal it stands for (0.9583333, not 0.9583333134651184). */
    static double decimal(float value) {
        return Double.parseDouble(Float.toString(value));
    }
}
