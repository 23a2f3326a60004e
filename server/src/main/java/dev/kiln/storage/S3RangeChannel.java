package dev.kiln.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Random access to an object by ranged GETs of {@value #BLOCK} bytes, the last block kept: what a ZIP reader needs
 * (the central directory at the end, then each entry), without copying the object anywhere.
 */
final class S3RangeChannel implements SeekableByteChannel {
    static final int BLOCK = 1 << 20;

    private final S3Client s3;
    private final String bucket;
    private final String key;
    private final long size;
    private long position;
    private long blockStart = -1;
    private byte[] block = new byte[0];
    private boolean open = true;

    S3RangeChannel(S3Client s3, String bucket, String key, long size) {
        this.s3 = s3;
        this.bucket = bucket;
        this.key = key;
        this.size = size;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (!open) {
            throw new java.nio.channels.ClosedChannelException();
        }
        if (position >= size) {
            return -1;
        }
        int total = 0;
        while (dst.hasRemaining() && position < size) {
            if (blockStart < 0 || position < blockStart || position >= blockStart + block.length) {
                load(position - position % BLOCK);
            }
            int offset = (int) (position - blockStart);
            int n = Math.min(dst.remaining(), block.length - offset);
            dst.put(block, offset, n);
            position += n;
            total += n;
        }
        return total;
    }

    private void load(long start) throws IOException {
        long end = Math.min(size, start + BLOCK) - 1;
        try {
            block = s3.getObjectAsBytes(g -> g.bucket(bucket).key(key).range("bytes=" + start + "-" + end))
                    .asByteArray();
            blockStart = start;
        } catch (SdkException e) {
            throw new IOException("could not read " + key + " at " + start + ": " + e.getMessage(), e);
        }
    }

    @Override
    public int write(ByteBuffer src) {
        throw new NonWritableChannelException();
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public SeekableByteChannel position(long newPosition) {
        this.position = newPosition;
        return this;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public SeekableByteChannel truncate(long ignored) {
        throw new NonWritableChannelException();
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        open = false;
    }
}
