package dev.kiln.inference;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

/**
 * Loaded networks by run, at most {@code maxEntries} and {@code maxBytes} of parameters; the least recently used
 * is evicted and closed — but only once no prediction still uses it (each entry's read/write lock).
 */
final class ModelCache {
    /** A loaded network with the lock that keeps it open while predictions run. */
    static final class Entry {
        final ModelRuntime.LoadedNetwork network;
        final TrainedModel model;
        private final ReadWriteLock lock = new ReentrantReadWriteLock();

        Entry(ModelRuntime.LoadedNetwork network, TrainedModel model) {
            this.network = network;
            this.model = model;
        }

        /** Runs {@code work} while the network cannot be closed. */
        <T> T use(Function<Entry, T> work) {
            lock.readLock().lock();
            try {
                return work.apply(this);
            } finally {
                lock.readLock().unlock();
            }
        }

        void close() {
            lock.writeLock().lock();
            try {
                network.close();
            } finally {
                lock.writeLock().unlock();
            }
        }
    }

    private final int maxEntries;
    private final long maxBytes;
    private final Map<UUID, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;
    private final java.util.function.Consumer<String> events;

    /** {@code events} hears each lookup's result ({@code hit}, {@code miss}) and each {@code eviction}. */
    ModelCache(int maxEntries, long maxBytes, java.util.function.Consumer<String> events) {
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
        this.events = events;
    }

    /** The cached entry for {@code runId}, loading it when absent; evicts what no longer fits. */
    Entry get(UUID runId, Function<UUID, Entry> loader) {
        Entry entry;
        java.util.List<Entry> evicted = new java.util.ArrayList<>();
        synchronized (this) {
            entry = entries.get(runId);
            events.accept(entry == null ? "miss" : "hit");
            if (entry == null) {
                entry = loader.apply(runId);
                entries.put(runId, entry);
                bytes += entry.network.sizeBytes();
                var oldest = entries.entrySet().iterator();
                while ((entries.size() > maxEntries || bytes > maxBytes) && entries.size() > 1) {
                    Entry victim = oldest.next().getValue();
                    oldest.remove();
                    bytes -= victim.network.sizeBytes();
                    evicted.add(victim);
                }
            }
        }
        evicted.forEach(victim -> {
            victim.close();
            events.accept("eviction");
        });
        return entry;
    }

    synchronized int size() {
        return entries.size();
    }

    /** Drops (and closes) the entry of a run, if cached. */
    void invalidate(UUID runId) {
        Entry removed;
        synchronized (this) {
            removed = entries.remove(runId);
            if (removed != null) {
                bytes -= removed.network.sizeBytes();
            }
        }
        if (removed != null) {
            removed.close();
        }
    }
}
