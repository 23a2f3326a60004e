package dev.kiln.storage;

import java.io.BufferedOutputStream;
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
import java.util.stream.Stream;

/** Blobs as files under one root directory; see {@link BlobStore}. */
class LocalBlobStore implements BlobStore {
    private static final int BUFFER = 1 << 16;

    private final Path root;
    private final Path temp;

    LocalBlobStore(java.nio.file.Path directory) throws IOException {
        this.root = directory.toAbsolutePath().normalize();
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
        return new VerifyingInputStream(read(key), key, sha256);
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

    @Override
    public java.util.List<Listed> list(String prefix) throws IOException {
        String directory = prefix.contains("/") ? prefix.substring(0, prefix.lastIndexOf('/')) : "";
        Path start = directory.isEmpty() ? root : resolve(directory);
        if (!Files.isDirectory(start)) {
            return java.util.List.of();
        }
        java.util.List<Listed> found = new java.util.ArrayList<>();
        try (Stream<Path> paths = Files.walk(start)) {
            for (Path path : paths.filter(Files::isRegularFile).toList()) {
                String key = root.relativize(path).toString().replace(java.io.File.separatorChar, '/');
                if (key.startsWith(prefix) && !key.startsWith("tmp/")) {
                    found.add(new Listed(key, Files.size(path), Files.getLastModifiedTime(path).toInstant()));
                }
            }
        }
        return found;
    }

    private Path resolve(String key) {
        return root.resolve(BlobKeys.checked(key));
    }
}
