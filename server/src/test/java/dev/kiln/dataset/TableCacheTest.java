package dev.kiln.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TableCacheTest {
    private final AtomicInteger reads = new AtomicInteger();

    private Table read() {
        reads.incrementAndGet();
        return new Table(3, List.of(new Table.NumericColumn("x", new double[] {1, 2, 3})));
    }

    @Test
    void aTableReadOnceIsHandedOutAgainWithoutReadingItsFile() {
        var cache = new TableCache(1 << 20);

        Table first = cache.get("sha-a", List.of("x"), this::read);
        Table second = cache.get("sha-a", List.of("x"), this::read);

        assertThat(second).isSameAs(first);
        assertThat(reads).hasValue(1);
    }

    @Test
    void anotherFileOrOtherColumnsAreReadOnTheirOwn() {
        var cache = new TableCache(1 << 20);

        cache.get("sha-a", List.of("x"), this::read);
        cache.get("sha-b", List.of("x"), this::read);
        cache.get("sha-a", List.of("x", "y"), this::read);

        assertThat(reads).hasValue(3);
    }

    @Test
    void aSizeOfZeroReadsEveryTime() {
        var cache = new TableCache(0);

        cache.get("sha-a", List.of("x"), this::read);
        cache.get("sha-a", List.of("x"), this::read);

        assertThat(reads).hasValue(2);
    }

    @Test
    void aFailedReadIsNotKept() {
        var cache = new TableCache(1 << 20);

        assertThatThrownBy(() -> cache.get("sha-a", List.of("x"), () -> {
            throw new UncheckedIOException(new java.io.IOException("the store is down"));
        })).isInstanceOf(UncheckedIOException.class).hasMessageContaining("the store is down");
        cache.get("sha-a", List.of("x"), this::read);

        assertThat(reads).hasValue(1);
    }
}
