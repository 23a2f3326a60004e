package dev.kiln.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TableCacheTest {
    private static final java.util.UUID A = java.util.UUID.randomUUID();
    private static final java.util.UUID B = java.util.UUID.randomUUID();
    private final AtomicInteger reads = new AtomicInteger();

    private Table read() {
        reads.incrementAndGet();
        return new Table(3, List.of(new Table.NumericColumn("x", new double[] {1, 2, 3})));
    }

    @Test
    void aTableReadOnceIsHandedOutAgainWithoutReadingItsFile() {
        var cache = new TableCache(1 << 20);

        Table first = cache.get(A, "sha-a", List.of("x"), this::read);
        Table second = cache.get(A, "sha-a", List.of("x"), this::read);

        assertThat(second).isSameAs(first);
        assertThat(reads).hasValue(1);
    }

    @Test
    void anotherDatasetAnotherFileOrOtherColumnsAreReadOnTheirOwn() {
        var cache = new TableCache(1 << 20);

        cache.get(A, "sha-a", List.of("x"), this::read);
        cache.get(B, "sha-a", List.of("x"), this::read); // the same bytes: its own file is read (and verified) too
        cache.get(A, "sha-b", List.of("x"), this::read);
        cache.get(A, "sha-a", List.of("x", "y"), this::read);

        assertThat(reads).hasValue(4);
    }

    @Test
    void aSizeOfZeroReadsEveryTime() {
        var cache = new TableCache(0);

        cache.get(A, "sha-a", List.of("x"), this::read);
        cache.get(A, "sha-a", List.of("x"), this::read);

        assertThat(reads).hasValue(2);
    }

    @Test
    void aFailedReadIsNotKept() {
        var cache = new TableCache(1 << 20);

        assertThatThrownBy(() -> cache.get(A, "sha-a", List.of("x"), () -> {
            throw new UncheckedIOException(new java.io.IOException("the store is down"));
        })).isInstanceOf(UncheckedIOException.class).hasMessageContaining("the store is down");
        cache.get(A, "sha-a", List.of("x"), this::read);

        assertThat(reads).hasValue(1);
    }

    @Test
    void aForgottenDatasetsTablesAreReadAgainAndOthersAreKept() {
        var cache = new TableCache(1 << 20);
        cache.get(A, "sha-a", List.of("x"), this::read);
        cache.get(A, "sha-a", List.of("x", "y"), this::read);
        cache.get(B, "sha-a", List.of("x"), this::read);

        cache.forget(A);
        cache.get(A, "sha-a", List.of("x"), this::read);
        cache.get(B, "sha-a", List.of("x"), this::read);

        assertThat(reads).hasValue(4);
    }
}
