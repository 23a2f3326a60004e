package dev.kiln.storage;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Supplier;

/**
 * A stream refused as soon as more than {@code limit} bytes came through it: the exception {@code tooLarge} makes is
 * thrown from the read that passes the limit, so an upload or an archive entry is stopped while it is being stored,
 * not after. {@link #keepingOpen} leaves the underlying stream open on close (a ZIP entry's archive).
 */
public class LimitedInputStream extends FilterInputStream {
    private final long limit;
    private final Supplier<? extends RuntimeException> tooLarge;
    private long read;

    public LimitedInputStream(InputStream in, long limit, Supplier<? extends RuntimeException> tooLarge) {
        super(in);
        this.limit = limit;
        this.tooLarge = tooLarge;
    }

    /** As the constructor, and closing it leaves {@code in} open. */
    public static LimitedInputStream keepingOpen(InputStream in, long limit,
                                                 Supplier<? extends RuntimeException> tooLarge) {
        return new LimitedInputStream(in, limit, tooLarge) {
            @Override
            public void close() {
            }
        };
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        count(b < 0 ? 0 : 1);
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        count(Math.max(n, 0));
        return n;
    }

    private void count(int n) {
        read += n;
        if (read > limit) {
            throw tooLarge.get();
        }
    }
}
