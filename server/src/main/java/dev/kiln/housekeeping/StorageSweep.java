package dev.kiln.housekeeping;

import dev.kiln.storage.BlobStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Finds the blobs no row references — a dataset's ({@code datasets/{id}/}) or a run's ({@code runs/{id}/}) whose row
 * is gone, left by a delete whose storage step failed or by a crash between the two — and removes them, or only
 * lists them (a dry run). Objects younger than {@code minAge} are left alone: an upload writes its blobs before its
 * row commits.
 */
@Service
public class StorageSweep {
    private static final List<String> OWNERS = List.of("datasets", "runs");

    private final BlobStore blobs;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    StorageSweep(BlobStore blobs, DataSource dataSource, Clock clock) {
        this.blobs = blobs;
        this.jdbc = new JdbcTemplate(dataSource);
        this.clock = clock;
    }

    /** What a sweep found under one owner's prefix whose row is gone: the prefix, its objects and their bytes. */
    public record Orphan(String prefix, int objects, long bytes) {}

    /** The sweep's outcome: the orphans, and whether they were removed. */
    public record Outcome(boolean dryRun, Duration minAge, int objectsScanned, List<Orphan> orphans, int objectsRemoved) {}

    public Outcome sweep(boolean dryRun, Duration minAge) {
        Instant cutoff = clock.instant().minus(minAge);
        int scanned = 0;
        List<Orphan> orphans = new ArrayList<>();
        int removed = 0;
        try {
            for (String owner : OWNERS) {
                Set<String> live = new HashSet<>(jdbc.queryForList("select cast(id as varchar(36)) from " + owner,
                        String.class));
                Map<String, List<BlobStore.Listed>> byId = new LinkedHashMap<>();
                for (BlobStore.Listed blob : blobs.list(owner + "/")) {
                    scanned++;
                    String rest = blob.key().substring(owner.length() + 1);
                    String id = rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest;
                    byId.computeIfAbsent(id, k -> new ArrayList<>()).add(blob);
                }
                for (var entry : byId.entrySet()) {
                    if (live.contains(entry.getKey()) || !isId(entry.getKey())
                            || entry.getValue().stream().anyMatch(b -> b.modified().isAfter(cutoff))) {
                        continue;
                    }
                    String prefix = owner + "/" + entry.getKey();
                    orphans.add(new Orphan(prefix, entry.getValue().size(),
                            entry.getValue().stream().mapToLong(BlobStore.Listed::size).sum()));
                    if (!dryRun) {
                        blobs.deleteAll(prefix);
                        removed += entry.getValue().size();
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the storage sweep could not read or delete blobs", e);
        }
        return new Outcome(dryRun, minAge, scanned, orphans, removed);
    }

    private static boolean isId(String text) {
        try {
            return UUID.fromString(text).toString().equals(text);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
