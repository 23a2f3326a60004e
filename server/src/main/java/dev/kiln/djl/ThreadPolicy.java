package dev.kiln.djl;

import dev.kiln.model.ModelSpec;
import dev.kiln.model.ShapeTrace;

/**
 * How many intra-op threads a run gets. Small models lose time to thread hand-offs, big ones gain from more
 * cores. Unless the run or the configuration says otherwise, a model whose dense layers need fewer than
 * {@link #PARALLEL_MACS_PER_BATCH} multiply-accumulates per batch gets one thread and bigger ones get every
 * core (shared among the runs this instance trains at once); convolutions count with their kernel taps. {@code bench/threads.sh} measured the crossover
 * on 2 cores between 1.6M (one thread 1.09× faster) and 2.4M (two threads 1.06× faster) per batch; at 19M two
 * threads were 1.45× faster.
 */
final class ThreadPolicy {
    static final long PARALLEL_MACS_PER_BATCH = 2_000_000;

    private ThreadPolicy() {}

    static int choose(Integer requested, int configured, ModelSpec spec, int inputWidth, int batchSize, int cores,
                      int concurrentRuns) {
        return choose(requested, configured, spec, new int[] {inputWidth}, batchSize, cores, concurrentRuns);
    }

    static int choose(Integer requested, int configured, ModelSpec spec, int[] inputShape, int batchSize, int cores,
                      int concurrentRuns) {
        return choose(requested, configured, spec, dev.kiln.model.InputLayout.of(inputShape), batchSize, cores,
                concurrentRuns);
    }

    static int choose(Integer requested, int configured, ModelSpec spec, dev.kiln.model.InputLayout inputShape,
                      int batchSize, int cores, int concurrentRuns) {
        if (requested != null) {
            return requested;
        }
        if (configured > 0) {
            return configured;
        }
        if (multiplyAccumulatesPerBatch(spec, inputShape, batchSize) < PARALLEL_MACS_PER_BATCH) {
            return 1;
        }
        return Math.max(1, cores / Math.max(1, concurrentRuns));
    }

    /** The forward pass's multiply-accumulates per batch of the model's dense layers. */
    static long multiplyAccumulatesPerBatch(ModelSpec spec, int inputWidth, int batchSize) {
        return multiplyAccumulatesPerBatch(spec, new int[] {inputWidth}, batchSize);
    }

    /** The forward pass's multiply-accumulates per batch of the model's dense and convolution layers. */
    static long multiplyAccumulatesPerBatch(ModelSpec spec, int[] inputShape, int batchSize) {
        return multiplyAccumulatesPerBatch(spec, dev.kiln.model.InputLayout.of(inputShape), batchSize);
    }

    static long multiplyAccumulatesPerBatch(ModelSpec spec, dev.kiln.model.InputLayout layout, int batchSize) {
        return ShapeTrace.of(spec, layout).multiplyAccumulates() * batchSize;
    }
}
