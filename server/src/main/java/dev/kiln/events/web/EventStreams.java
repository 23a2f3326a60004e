package dev.kiln.events.web;

import dev.kiln.events.EventType;
import dev.kiln.events.RunEvent;
import dev.kiln.events.RunEventLog;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The open event streams of this instance. Each stream follows one or more runs from a cursor; every
 * {@code kiln.events.poll-interval} (and at once when PostgreSQL notifies that a run it follows has new events) it
 * reads what came after the cursor from the database and sends it, one SSE event per stored event, the cursor
 * after it as the event's id. A stream sends a heartbeat comment when it has been silent for
 * {@code kiln.events.heartbeat}, and completes once every run it follows has ended.
 */
@Component
class EventStreams implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(EventStreams.class);
    private static final int BATCH = 500;

    private final RunEventLog events;
    private final Duration pollInterval;
    private final Duration heartbeat;
    private final int maxStreams;
    private final Set<Stream> streams = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r,
            "kiln-events-poll"));
    private final ExecutorService senders = Executors.newFixedThreadPool(4, r -> daemon(r, "kiln-events-send"));
    private volatile boolean running;
    private java.util.concurrent.ScheduledFuture<?> polling;

    EventStreams(RunEventLog events, @Value("${kiln.events.poll-interval:500ms}") Duration pollInterval,
                 @Value("${kiln.events.heartbeat:15s}") Duration heartbeat,
                 @Value("${kiln.events.max-streams:256}") int maxStreams) {
        this.events = events;
        this.pollInterval = pollInterval;
        this.heartbeat = heartbeat;
        this.maxStreams = maxStreams;
    }

    /** Opens a stream of {@code runs} from {@code cursor}; it first replays what the cursor has not seen. */
    SseEmitter open(Cursor cursor, Duration timeout) {
        if (streams.size() >= maxStreams) {
            throw new dev.kiln.domain.TooManyRequests("this instance serves " + maxStreams + " event streams, its "
                    + "limit (kiln.events.max-streams); try again shortly", Duration.ofSeconds(10));
        }
        cursor.markEnded(events::endedBy);
        var emitter = new SseEmitter(timeout.toMillis());
        var stream = new Stream(emitter, cursor);
        emitter.onCompletion(() -> streams.remove(stream));
        emitter.onTimeout(() -> streams.remove(stream));
        emitter.onError(e -> streams.remove(stream));
        streams.add(stream);
        senders.execute(stream::deliver);
        return emitter;
    }

    /** New events of {@code runId} are in the database: the streams that follow it read them now. */
    void wake(UUID runId) {
        if (!running) {
            return;
        }
        for (Stream stream : streams) {
            if (stream.cursor.follows(runId)) {
                senders.execute(stream::deliver);
            }
        }
    }

    int open() {
        return streams.size();
    }

    private void tick() {
        for (Stream stream : streams) {
            senders.execute(stream::deliver);
        }
    }

    @Override
    public void start() {
        polling = ticker.scheduleWithFixedDelay(this::tick, pollInterval.toMillis(), pollInterval.toMillis(),
                TimeUnit.MILLISECONDS);
        running = true;
    }

    /**
     * Ends every stream before the web server's graceful shutdown waits for open requests (clients reconnect with
     * their last event id, to this instance or another).
     */
    @Override
    public void stop() {
        running = false;
        polling.cancel(false);
        for (Stream stream : streams) {
            stream.emitter.complete();
        }
        streams.clear();
    }

    @jakarta.annotation.PreDestroy
    void shutdown() {
        ticker.shutdownNow();
        senders.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private static Thread daemon(Runnable work, String name) {
        Thread t = new Thread(work, name);
        t.setDaemon(true);
        return t;
    }

    /** One client's stream: where it is in each run's log, and whether a delivery is under way. */
    private final class Stream {
        private final SseEmitter emitter;
        private final Cursor cursor;
        private final AtomicBoolean busy = new AtomicBoolean();
        private long lastSent = System.nanoTime();

        Stream(SseEmitter emitter, Cursor cursor) {
            this.emitter = emitter;
            this.cursor = cursor;
        }

        /** Sends what the database has after the cursor; one delivery at a time per stream. */
        void deliver() {
            if (!busy.compareAndSet(false, true)) {
                return;
            }
            try {
                boolean sent = false;
                for (UUID run : cursor.following()) {
                    List<RunEvent> batch;
                    do {
                        batch = events.after(run, cursor.at(run), BATCH);
                        for (RunEvent event : batch) {
                            cursor.advance(run, event.seq(), event.type() == EventType.END);
                            emitter.send(SseEmitter.event().id(cursor.id()).name(event.type().json())
                                    .data(event.payload()));
                            sent = true;
                        }
                    } while (batch.size() == BATCH);
                }
                if (cursor.allEnded()) {
                    streams.remove(this);
                    emitter.complete();
                    return;
                }
                if (sent) {
                    lastSent = System.nanoTime();
                } else if (System.nanoTime() - lastSent >= heartbeat.toNanos()) {
                    emitter.send(SseEmitter.event().comment("heartbeat"));
                    lastSent = System.nanoTime();
                }
            } catch (IOException | IllegalStateException e) {
                // the client went away (or the stream was completed meanwhile)
                streams.remove(this);
                log.debug("Event stream closed: {}", e.toString());
            } catch (RuntimeException e) {
                log.warn("Could not read run events for a stream; it retries at the next poll: {}", e.toString());
            } finally {
                busy.set(false);
            }
        }
    }
}
