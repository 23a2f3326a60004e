package dev.kiln.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.support.S3Server;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import software.amazon.awssdk.core.sync.RequestBody;

/** The S3 store against a real S3 server (S3Proxy): the same guarantees as the local store. */
class S3BlobStoreTest {
    private static S3Server server;
    private static S3BlobStore store;

    @BeforeAll
    static void start() {
        server = S3Server.start("blobs");
        store = S3BlobStore.connect(settings("blobs", "kiln/"));
    }

    @AfterAll
    static void stop() throws Exception {
        store.close();
        server.close();
    }

    private static StorageSettings.S3 settings(String bucket, String prefix) {
        return new StorageSettings.S3(server.endpoint(), "us-east-1", bucket, prefix, true, DataSize.ofMegabytes(5));
    }

    private static byte[] bytes(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    private static String sha256(byte[] data) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(data));
    }

    @Test
    void aSmallBlobIsOnePutAndReadsBackVerified() throws Exception {
        byte[] data = bytes(1000, 1);

        StoredBlob blob = store.write("runs/a/small.bin", new ByteArrayInputStream(data));

        assertThat(blob.size()).isEqualTo(1000);
        assertThat(blob.sha256()).isEqualTo(sha256(data));
        try (InputStream in = store.read("runs/a/small.bin", blob.sha256())) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
        assertThat(server.keys("kiln/runs/a/")).containsExactly("kiln/runs/a/small.bin");
        assertThat(store.exists("runs/a/small.bin")).isTrue();
        assertThat(store.exists("runs/a/other.bin")).isFalse();
    }

    @Test
    void aLargeBlobGoesUpInPartsAndReadsBackVerified() throws Exception {
        byte[] data = bytes(12 * 1024 * 1024 + 17, 2);

        StoredBlob blob = store.write("datasets/b/large.bin", out -> {
            for (int i = 0; i < data.length; i += 100_000) {
                out.write(data, i, Math.min(100_000, data.length - i));
            }
        });

        assertThat(blob.size()).isEqualTo(data.length);
        assertThat(blob.sha256()).isEqualTo(sha256(data));
        try (InputStream in = store.read("datasets/b/large.bin", blob.sha256())) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
    }

    @Test
    void aWriterThatFailsLeavesNothingUnderTheKeyAndNoUploadBehind() {
        assertThatThrownBy(() -> store.write("runs/c/broken.bin", out -> {
            out.write(bytes(11 * 1024 * 1024, 3));
            throw new IOException("the writer broke");
        })).hasMessageContaining("the writer broke");

        assertThat(store.exists("runs/c/broken.bin")).isFalse();
        assertThat(server.client().listMultipartUploads(l -> l.bucket("blobs")).uploads()).isEmpty();
    }

    @Test
    void aChangedObjectFailsItsVerificationAtTheEnd() throws Exception {
        StoredBlob blob = store.write("runs/d/model.ckpt", new ByteArrayInputStream(bytes(5000, 4)));
        server.client().putObject(p -> p.bucket("blobs").key("kiln/runs/d/model.ckpt"),
                RequestBody.fromBytes(bytes(5000, 5)));

        try (InputStream in = store.read("runs/d/model.ckpt", blob.sha256())) {
            assertThatThrownBy(in::readAllBytes).hasMessageContaining("is corrupt");
        }
    }

    @Test
    void aMissingBlobIsNoSuchFile() {
        assertThatThrownBy(() -> store.read("runs/none/x.bin")).isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> store.openChannel("runs/none/x.bin")).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void aChannelReadsAnyRangeOfTheObject() throws Exception {
        byte[] data = bytes(3 * S3RangeChannel.BLOCK + 123, 6);
        store.write("datasets/e/archive.zip", new ByteArrayInputStream(data));

        try (var channel = store.openChannel("datasets/e/archive.zip")) {
            assertThat(channel.size()).isEqualTo(data.length);
            ByteBuffer tail = ByteBuffer.allocate(200);
            channel.position(data.length - 200);
            while (tail.hasRemaining() && channel.read(tail) > 0) {
                // reads across the block boundary as needed
            }
            assertThat(tail.array()).isEqualTo(java.util.Arrays.copyOfRange(data, data.length - 200, data.length));
            ByteBuffer across = ByteBuffer.allocate(1000);
            channel.position(S3RangeChannel.BLOCK - 500);
            channel.read(across);
            assertThat(across.array()).isEqualTo(java.util.Arrays.copyOfRange(data, S3RangeChannel.BLOCK - 500,
                    S3RangeChannel.BLOCK + 500));
        }
    }

    @Test
    void deleteAllRemovesEveryBlobUnderThePrefixAndNothingElse() throws Exception {
        for (int i = 0; i < 3; i++) {
            store.write("runs/f/checkpoints/" + i + ".ckpt", new ByteArrayInputStream(bytes(10, i)));
        }
        store.write("runs/ff/keep.bin", new ByteArrayInputStream(bytes(10, 9)));

        store.deleteAll("runs/f");
        store.delete("runs/ff/not-there.bin");

        assertThat(server.keys("kiln/runs/f/")).isEmpty();
        assertThat(server.keys("kiln/runs/ff/")).containsExactly("kiln/runs/ff/keep.bin");
    }

    @Test
    void aBucketThatDoesNotExistStopsKilnNamingIt() {
        assertThatThrownBy(() -> S3BlobStore.connect(settings("no-such-bucket", "")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("kiln.storage.s3.bucket").hasMessageContaining("no-such-bucket");
        assertThatThrownBy(() -> S3BlobStore.connect(new StorageSettings.S3(URI.create("http://127.0.0.1:9"),
                "us-east-1", "blobs", "", true, DataSize.ofMegabytes(5))))
                .hasMessageContaining("cannot reach the bucket 'blobs'");
    }
}
