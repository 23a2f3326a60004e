package dev.kiln.storage;

import java.io.BufferedOutputStream;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.security.DigestOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/** Blobs as files under one root directory; see {@link BlobStore}. */
@Component
@EnableConfigurationProperties(StorageSettings.class)
class LocalBlobStore implements BlobStore {
    private static final Pattern KEY = Pattern.compile("[a-z0-9_.-]+(/[a-z0-9_.-]+)*");
    private static final int BUFFER = 1 << 16;

    private final Path root;
    private final Path temp;

    LocalBlobStore(StorageSettings settings) throws IOException {
        this.root = settings.root().toAbsolutePath().normalize();
        this.temp = root.resolve("tmp");
        Files.createDirectories(temp);
    }

    @Override
    public StoredBlob write(String key, InputStream content) throws IOException {
        return write(key, content::transferTo);
    }

    @Override
    public StoredBlob write(String key, BlobWriter writer) throws IOException {
        Path target = resolve(key);
        Files.createDirectories(target.getParent());
        Path partial = temp.resolve(UUID.randomUUID() + ".part");
        MessageDigest digest = Sha256.newDigest();
        try (var counting = new CountingOutputStream(new DigestOutputStream(
                new BufferedOutputStream(Files.newOutputStream(partial), BUFFER), digest))) {
            writer.writeTo(counting);
            counting.flush();
            counting.close();
            move(partial, target);
            return new StoredBlob(key, counting.count, Sha256.hex(digest));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
    }

    private static final class CountingOutputStream extends FilterOutputStream {
        private long count;

        CountingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Override
    public InputStream read(String key, String sha256) throws IOException {
        return new Verifying(read(key), key, sha256);
    }

    @Override
    public InputStream read(String key) throws IOException {
        try {
            return Files.newInputStream(resolve(key));
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException("blob " + key + " does not exist");
        }
    }

    @Override
    public java.nio.channels.SeekableByteChannel openChannel(String key) throws IOException {
        try {
            return Files.newByteChannel(resolve(key), java.nio.file.StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException("blob " + key + " does not exist");
        }
    }

    @Override
    public boolean exists(String key) {
        return Files.isRegularFile(resolve(key));
    }

    @Override
    public void delete(String key) throws IOException {
        Files.deleteIfExists(resolve(key));
    }

    @Override
    public void deleteAll(String prefix) throws IOException {
        Path dir = resolve(prefix);
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private Path resolve(String key) {
        if (!KEY.matcher(key).matches() || key.contains("..")) {
            throw new IllegalArgumentException("invalid blob key: " + key);
        }
        return root.resolve(key);
    }

    /** Computes the sha256 while the caller reads and fails at the end when it differs from the recorded one. */
    private static final class Verifying extends FilterInputStream {
        private final MessageDigest digest = Sha256.newDigest();
        private final String key;
        private final String expected;
        private boolean verified;

        Verifying(InputStream in, String key, String expected) {
            super(in);
            this.key = key;
            this.expected = expected;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b < 0) {
                verify();
            } else {
                digest.update((byte) b);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n < 0) {
                verify();
            } else {
                digest.update(buffer, offset, n);
            }
            return n;
        }

        /** Skipped bytes are read, so that they count in the digest (FilterInputStream would skip past it). */
        @Override
        public long skip(long n) throws IOException {
            byte[] buffer = new byte[(int) Math.min(8192, Math.max(1, n))];
            long skipped = 0;
            while (skipped < n) {
                int read = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
                if (read < 0) {
                    break;
                }
                skipped += read;
            }
            return skipped;
        }

        private void verify() throws IOException {
            if (verified) {
                return;
            }
            verified = true;
            String actual = Sha256.hex(digest);
            if (!actual.equals(expected)) {
                throw new IOException("blob " + key + " is corrupt: sha256 " + actual + ", expected " + expected);
            }
        }
    }
}
