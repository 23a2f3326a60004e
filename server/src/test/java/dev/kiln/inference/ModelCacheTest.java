package dev.kiln.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The cache holds at most its count and bytes, evicts the least recently used, and never closes one in use. */
class ModelCacheTest {
    private final List<FakeNetwork> closed = new ArrayList<>();

    private final class FakeNetwork implements ModelRuntime.LoadedNetwork {
        private final long bytes;
        volatile boolean open = true;

        FakeNetwork(long bytes) {
            this.bytes = bytes;
        }

        @Override
        public float[] predict(float[] features, int rows) {
            return new float[rows];
        }

        @Override
        public float[][] embedding(int ordinal) {
            return new float[0][];
        }

        @Override
        public ModelRuntime.Gradients gradients(float[] features, int rows, int[] outputs,
                                                ModelRuntime.Readout readout, float[] pathScales) {
            return new ModelRuntime.Gradients(new float[rows], new float[features.length]);
        }

        @Override
        public java.util.List<ModelRuntime.Weights> parameters() {
            return java.util.List.of();
        }

        @Override
        public long sizeBytes() {
            return bytes;
        }

        @Override
        public void close() {
            open = false;
            synchronized (closed) {
                closed.add(this);
            }
        }
    }

    private ModelCache.Entry entry(long bytes) {
        return new ModelCache.Entry(new FakeNetwork(bytes), null);
    }

    @Test
    void keepsAtMostItsCountAndEvictsTheLeastRecentlyUsed() {
        ModelCache cache = new ModelCache(10, Long.MAX_VALUE, result -> { });
        List<UUID> runs = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            runs.add(UUID.randomUUID());
        }
        UUID favourite = runs.get(0);
        for (UUID run : runs) {
            cache.get(run, id -> entry(100));
            cache.get(favourite, id -> entry(100));
        }

        assertThat(cache.size()).isEqualTo(10);
        assertThat(closed).hasSize(40);
        assertThat(cache.get(favourite, id -> { throw new AssertionError("reloaded"); })).isNotNull();
    }

    @Test
    void keepsItsParametersWithinTheMemoryBound() {
        ModelCache cache = new ModelCache(100, 1000, result -> { });
        for (int i = 0; i < 5; i++) {
            cache.get(UUID.randomUUID(), id -> entry(400));
        }

        assertThat(cache.size()).isEqualTo(2);
        assertThat(closed).hasSize(3);
    }

    @Test
    void closesAnEvictedNetworkOnlyAfterItsPredictionEnds() throws Exception {
        ModelCache cache = new ModelCache(1, Long.MAX_VALUE, result -> { });
        UUID first = UUID.randomUUID();
        ModelCache.Entry busy = cache.get(first, id -> entry(1));
        CountDownLatch predicting = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread prediction = new Thread(() -> busy.use(e -> {
            predicting.countDown();
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            return null;
        }));
        prediction.start();
        predicting.await(5, TimeUnit.SECONDS);

        Thread eviction = new Thread(() -> cache.get(UUID.randomUUID(), id -> entry(1)));
        eviction.start();
        eviction.join(300);

        assertThat(((FakeNetwork) busy.network).open).as("still in use").isTrue();
        release.countDown();
        prediction.join(5000);
        eviction.join(5000);
        assertThat(((FakeNetwork) busy.network).open).isFalse();
    }
}
