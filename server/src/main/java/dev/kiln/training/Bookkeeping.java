package dev.kiln.training;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * A run's epoch bookkeeping (checkpoint file, metrics row) done on a thread of its own, so that the next epoch
 * trains meanwhile. One piece of work at a time, in the order handed over: {@link #submit} first waits for the
 * previous one — an epoch that outruns its bookkeeping waits for it, and that wait is part of its duration — and
 * a failure of the work (storage, a fenced-off attempt) is thrown on the training thread at the next
 * {@link #submit} or {@link #await}, as if it had happened there.
 */
final class Bookkeeping implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Bookkeeping.class);

    private final ExecutorService thread;
    private Future<?> pending;

    Bookkeeping(String name) {
        this.thread = Executors.newSingleThreadExecutor(work -> {
            Thread t = new Thread(work, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Waits for the previous work, then hands {@code work} over. */
    void submit(Runnable work) {
        await();
        Map<String, String> context = MDC.getCopyOfContextMap();
        pending = thread.submit(() -> {
            if (context != null) {
                MDC.setContextMap(context);
            }
            try {
                work.run();
            } finally {
                MDC.clear();
            }
        });
    }

    /** Returns once everything handed over is done; rethrows what it failed with. */
    void await() {
        Future<?> last = pending;
        pending = null;
        if (last == null) {
            return;
        }
        try {
            last.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the run's bookkeeping was being written", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Like {@link #await}, where training already failed for another reason: what this failed with is logged. */
    void settle() {
        try {
            await();
        } catch (RuntimeException | Error e) {
            log.warn("An epoch's bookkeeping failed too: {}", e.toString());
        }
    }

    @Override
    public void close() {
        settle();
        thread.shutdown();
    }
}
