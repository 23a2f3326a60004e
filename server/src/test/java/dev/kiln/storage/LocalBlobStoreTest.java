package dev.kiln.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalBlobStoreTest {
    @TempDir
    Path root;

    private LocalBlobStore store() throws IOException {
        return new LocalBlobStore(root);
    }

    @Test
    void aReadThatSkipsPartOfTheBlobStillVerifiesItsSha256() throws IOException {
        byte[] content = new byte[100_000];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 31);
        }
        LocalBlobStore store = store();
        StoredBlob blob = store.write("t/table.bin", new ByteArrayInputStream(content));

        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(store.read(blob.key(),
                blob.sha256())))) {
            in.readInt();
            in.skipNBytes(60_000); // a column the reader does not need, skipped as TableFile does
            assertThat(in.readAllBytes()).hasSize(100_000 - 4 - 60_000);
        }
    }

    @Test
    void aSkippedCorruptByteIsStillFound() throws IOException {
        LocalBlobStore store = store();
        StoredBlob blob = store.write("t/table.bin", new ByteArrayInputStream(new byte[50_000]));
        byte[] changed = new byte[50_000];
        changed[20_000] = 1;
        Files.write(root.resolve("t/table.bin"), changed);

        assertThatThrownBy(() -> {
            try (InputStream in = new java.io.BufferedInputStream(store.read(blob.key(), blob.sha256()))) {
                in.skipNBytes(40_000);
                in.readAllBytes();
            }
        }).isInstanceOf(IOException.class).hasMessageContaining("is corrupt");
    }
}
