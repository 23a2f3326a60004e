package dev.kiln.djl;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.concurrent.locks.ReentrantLock;

/**
 * PyTorch has one random generator per process, and DJL reaches no other; runs trained at the same time would draw
 * from it in turns and change each other's numbers. So every draw a run makes is seeded from the run's own stream
 * and drawn under one lock: a parameter initialisation (seeded once from the run's seed) and each dropout mask
 * (seeded from the run's seed, the epoch, the batch and the mask's place in the batch). A run's draws are then the
 * same whatever trains beside it. The first mask of a batch uses the seed a batch always had, so a network with one
 * dropout layer draws what it drew before.
 */
final class RandomDraws {
    private static final ReentrantLock LOCK = new ReentrantLock();
    private static final ThreadLocal<Stream> CURRENT = new ThreadLocal<>();

    private RandomDraws() {}

    /** The draws of one batch of one run, in order. */
    private static final class Stream {
        private final long seed;
        private final int epoch;
        private final int batch;
        private int drawn;

        Stream(long seed, int epoch, int batch) {
            this.seed = seed;
            this.epoch = epoch;
            this.batch = batch;
        }

        int next() {
            int k = drawn++;
            return k == 0 ? Seeds.of(seed, epoch, batch) : Seeds.of(seed ^ (0x632BE59BD9B4E019L * k), epoch, batch);
        }
    }

    /** Runs {@code initialise} (which draws the initial parameters) seeded from {@code seed}, with nothing between. */
    static void initialising(long seed, Runnable initialise) {
        LOCK.lock();
        try {
            DjlRuntime.engine().setRandomSeed(Long.hashCode(seed));
            initialise.run();
        } finally {
            LOCK.unlock();
        }
    }

    /** The draws of this thread's next batch come from this stream (until the next batch, or the end of the run's {@link #scope}). */
    static void batch(long seed, int epoch, int batch) {
        CURRENT.set(new Stream(seed, epoch, batch));
    }

    /** Ends this thread's batch streams when a run's training ends. */
    static Scope scope() {
        return CURRENT::remove;
    }

    /** A run's training on this thread; closing it forgets the thread's stream. */
    interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /** Uniform [low, high) values, seeded from this thread's batch stream when it has one. */
    static NDArray uniform(NDManager manager, float low, float high, Shape shape, Device device) {
        Stream stream = CURRENT.get();
        LOCK.lock();
        try {
            if (stream != null) {
                DjlRuntime.engine().setRandomSeed(stream.next());
            }
            return manager.randomUniform(low, high, shape, DataType.FLOAT32, device);
        } finally {
            LOCK.unlock();
        }
    }
}
