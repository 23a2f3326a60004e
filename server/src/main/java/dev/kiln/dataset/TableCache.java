package dev.kiln.dataset;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Tables read recently, decoded, so that the runs of a study or a batch of runs on one dataset read and decode its
 * file once. Keyed by the dataset, its table file's sha256 (so never stale) and the columns read — the first read of
 * each dataset verifies its file, even when another dataset holds the same bytes; bounded in bytes
 * ({@code kiln.datasets.table-cache-size}, at most an eighth of the heap; Caffeine evicts by recency and frequency).
 * The tables it hands out are shared: their arrays are never written to.
 */
final class TableCache {
    private final Cache<Key, Table> tables;

    private record Key(UUID dataset, String sha256, List<String> columns) {}

    TableCache(long maxBytes) {
        long bound = Math.min(maxBytes, Runtime.getRuntime().maxMemory() / 8);
        this.tables = bound <= 0 ? null : Caffeine.newBuilder().maximumWeight(bound)
                .weigher((Key key, Table table) -> (int) Math.min(Integer.MAX_VALUE, bytes(table))).build();
    }

    /** Dataset {@code dataset}'s table (file {@code sha256}) with {@code columns}; {@code read} unless held. */
    Table get(UUID dataset, String sha256, List<String> columns, Supplier<Table> read) {
        if (tables == null) {
            return read.get();
        }
        return tables.get(new Key(dataset, sha256, List.copyOf(columns)), key -> read.get());
    }

    /** Drops a deleted dataset's tables (this instance's; another's go as its cache evicts them). */
    void forget(UUID dataset) {
        if (tables != null) {
            tables.asMap().keySet().removeIf(key -> key.dataset().equals(dataset));
        }
    }

    /** About the heap a table holds: a double per numeric cell, a reference and a share of its text per other. */
    static long bytes(Table table) {
        long bytes = 64;
        for (Table.Column column : table.columns()) {
            bytes += column instanceof Table.NumericColumn ? 8L * table.rows() : 16L * table.rows();
        }
        return bytes;
    }
}
