package dev.kiln.storage;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded local cache in front of a remote store: a verified read ({@link #read(String, String)}: the tables,
 * images and checkpoints a run loads) is served from a local copy named by its sha256 — content-addressed, so it can
 * never be stale — and the first read makes that copy while it passes through. The copies' bytes are bounded
 * ({@code kiln.storage.cache-max-size}; Caffeine evicts by recency and frequency). Everything else goes to the store.
 */
final class CachingBlobStore implements BlobStore {
    private static final Logger log = LoggerFactory.getLogger(CachingBlobStore.class);
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final BlobStore store;
    private final Path directory;
    private final long maxBytes;
    private final Cache<String, Long> copies;

    CachingBlobStore(BlobStore store, Path directory, long maxBytes) throws IOException {
        this.store = store;
        this.directory = directory;
        this.maxBytes = maxBytes;
        Files.createDirectories(directory);
        try (var stale = Files.list(directory)) { // copies of an earlier process are not indexed: start empty
            for (Path path : stale.toList()) {
                Files.deleteIfExists(path);
            }
        }
        this.copies = Caffeine.newBuilder().maximumWeight(maxBytes)
                .weigher((String sha, Long size) -> (int) Math.min(Integer.MAX_VALUE, Math.max(1, size)))
                .removalListener((String sha, Long size, com.github.benmanes.caffeine.cache.RemovalCause cause) -> {
                    if (sha != null && cause.wasEvicted()) {
                        try {
                            Files.deleteIfExists(directory.resolve(sha));
                        } catch (IOException e) {
                            log.warn("Could not remove the cached copy {}: {}", sha, e.toString());
                        }
                    }
                }).executor(Runnable::run).build();
    }

    /** The bytes the copies hold now. */
    long cachedBytes() {
        copies.cleanUp();
        return copies.asMap().values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public InputStream read(String key, String sha256) throws IOException {
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            return store.read(key, sha256);
        }
        Path copy = directory.resolve(sha256);
        if (copies.getIfPresent(sha256) != null) {
            try {
                return new VerifyingInputStream(Files.newInputStream(copy), key, sha256);
            } catch (java.nio.file.NoSuchFileException evicted) {
                // evicted since: fetch it again
            }
        }
        Path partial = directory.resolve(UUID.randomUUID() + ".part");
        long size;
        try (InputStream in = store.read(key, sha256); OutputStream out = Files.newOutputStream(partial)) {
            size = in.transferTo(out); // verified at its end by the store
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        if (size > maxBytes) {
            InputStream direct = Files.newInputStream(partial);
            Files.deleteIfExists(partial); // the open stream keeps the bytes until it is closed
            return direct;
        }
        Files.move(partial, copy, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        InputStream opened = Files.newInputStream(copy); // open before the cache may evict (and delete) it
        copies.put(sha256, size);
        return new VerifyingInputStream(opened, key, sha256);
    }

    @Override
    public StoredBlob write(String key, InputStream content) throws IOException {
        return store.write(key, content);
    }

    @Override
    public StoredBlob write(String key, BlobWriter writer) throws IOException {
        return store.write(key, writer);
    }

    @Override
    public InputStream read(String key) throws IOException {
        return store.read(key);
    }

    @Override
    public java.nio.channels.SeekableByteChannel openChannel(String key) throws IOException {
        return store.openChannel(key);
    }

    @Override
    public boolean exists(String key) {
        return store.exists(key);
    }

    @Override
    public void delete(String key) throws IOException {
        store.delete(key);
    }

    @Override
    public void deleteAll(String prefix) throws IOException {
        store.deleteAll(prefix);
    }

    @Override
    public List<Listed> list(String prefix) throws IOException {
        return store.list(prefix);
    }

    @Override
    public void close() {
        store.close();
    }
}
