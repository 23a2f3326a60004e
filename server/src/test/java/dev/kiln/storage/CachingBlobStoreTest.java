package dev.kiln.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bounded local cache in front of a remote store, with a local store standing in for the remote one. */
class CachingBlobStoreTest {
    @TempDir
    Path remote;
    @TempDir
    Path cache;

    /** The remote store, counting the verified reads that reach it. */
    private final List<String> remoteReads = new ArrayList<>();

    private CachingBlobStore store(long maxBytes) throws IOException {
        LocalBlobStore backing = new LocalBlobStore(remote) {
            @Override
            public InputStream read(String key, String sha256) throws IOException {
                remoteReads.add(key);
                return super.read(key, sha256);
            }
        };
        return new CachingBlobStore(backing, cache, maxBytes);
    }

    private static StoredBlob put(BlobStore store, String key, int size) throws IOException {
        byte[] bytes = new byte[size];
        new java.util.Random(key.hashCode()).nextBytes(bytes);
        return store.write(key, new ByteArrayInputStream(bytes));
    }

    private static byte[] read(BlobStore store, StoredBlob blob) throws IOException {
        try (InputStream in = store.read(blob.key(), blob.sha256())) {
            return in.readAllBytes();
        }
    }

    @Test
    void aSecondVerifiedReadComesFromTheLocalCopy() throws IOException {
        CachingBlobStore store = store(1000);
        StoredBlob blob = put(store, "datasets/a/table.bin", 300);

        byte[] first = read(store, blob);
        byte[] second = read(store, blob);

        assertThat(second).isEqualTo(first).hasSize(300);
        assertThat(remoteReads).containsExactly("datasets/a/table.bin");
        assertThat(cache.resolve(blob.sha256())).exists();
    }

    @Test
    void theCopiesStayWithinTheirBytes() throws IOException {
        CachingBlobStore store = store(700);
        List<StoredBlob> blobs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            blobs.add(put(store, "runs/r/checkpoints/" + i + ".ckpt", 300));
            read(store, blobs.get(i));
        }

        assertThat(store.cachedBytes()).isLessThanOrEqualTo(700);
        long onDisk;
        try (var files = Files.list(cache)) {
            onDisk = files.mapToLong(p -> p.toFile().length()).sum();
        }
        assertThat(onDisk).isLessThanOrEqualTo(700);
        assertThat(read(store, blobs.get(0))).hasSize(300);
    }

    @Test
    void aBlobLargerThanTheCacheIsReadWithoutACopy() throws IOException {
        CachingBlobStore store = store(100);
        StoredBlob blob = put(store, "datasets/b/pixels.bin", 5000);

        assertThat(read(store, blob)).hasSize(5000);
        try (var files = Files.list(cache)) {
            assertThat(files.toList()).isEmpty();
        }
    }

    @Test
    void aDamagedCopyFailsItsVerification() throws IOException {
        CachingBlobStore store = store(1000);
        StoredBlob blob = put(store, "datasets/c/table.bin", 200);
        read(store, blob);
        Files.write(cache.resolve(blob.sha256()), new byte[200]);

        assertThatThrownBy(() -> read(store, blob)).hasMessageContaining("is corrupt");
    }
}
