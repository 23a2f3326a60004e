package dev.kiln.storage;

import java.io.IOException;
import java.io.InputStream;

/** Stores immutable blobs by key. Keys are relative paths of lowercase letters, digits, '-', '_', '.' and '/'. */
public interface BlobStore extends AutoCloseable {

    /** Streams {@code content} into the blob {@code key}, replacing it atomically; returns its size and sha256. */
    StoredBlob write(String key, InputStream content) throws IOException;

    /** Lets {@code writer} produce the blob {@code key}, replacing it atomically; returns its size and sha256. */
    StoredBlob write(String key, BlobWriter writer) throws IOException;

    /** Produces a blob's content. */
    @FunctionalInterface
    interface BlobWriter {
        void writeTo(java.io.OutputStream out) throws IOException;
    }

    /** Opens the blob for reading; the stream fails at its end if the content's sha256 differs from {@code sha256}. */
    InputStream read(String key, String sha256) throws IOException;

    /** Opens the blob for reading without verification (for partial reads such as previews). */
    InputStream read(String key) throws IOException;

    /**
     * Opens the blob for random access without verification (formats read from their end, such as ZIP archives);
     * the caller closes the channel.
     */
    java.nio.channels.SeekableByteChannel openChannel(String key) throws IOException;

    boolean exists(String key);

    /** Removes the blob if it exists. */
    void delete(String key) throws IOException;

    /** Removes every blob whose key starts with {@code prefix + "/"}. */
    void deleteAll(String prefix) throws IOException;

    /** Every blob whose key starts with {@code prefix}, with its size and when it was last written. */
    java.util.List<Listed> list(String prefix) throws IOException;

    /** A blob found by {@link #list}. */
    record Listed(String key, long size, java.time.Instant modified) {}

    /** Releases what the store holds (an S3 client's connections); nothing for files. */
    @Override
    default void close() {
    }
}
