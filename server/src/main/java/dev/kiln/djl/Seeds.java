package dev.kiln.djl;

/** Independent seeds derived from a run's seed (SplitMix64 finalisation), so any epoch or batch can be replayed. */
final class Seeds {
    private Seeds() {}

    static int of(long seed, int epoch, int batch) {
        return (int) mix(mix(seed + 0x9E3779B97F4A7C15L * epoch) + batch);
    }

    /** The seed of batch {@code batch}'s augmentation: a stream apart from the dropout masks'. */
    static long augmentation(long seed, int epoch, int batch) {
        return mix(mix(seed ^ 0x2545F4914F6CDD1DL) + 0x9E3779B97F4A7C15L * epoch + batch);
    }

    static long of(long seed, int epoch) {
        return mix(seed ^ (0xBF58476D1CE4E5B9L * (epoch + 1L)));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
