package dev.kiln.events.web;

import dev.kiln.events.RunEventLog;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * On PostgreSQL, wakes the streams that follow a run as soon as an append to its event log commits (on any
 * instance): one connection {@code LISTEN}s on {@link RunEventLog#CHANNEL}. Polling stays as the fallback — on
 * H2, and while this connection is being re-established.
 */
@Component
class EventWakeups implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(EventWakeups.class);

    private final DataSource dataSource;
    private final RunEventLog events;
    private final EventStreams streams;
    private volatile boolean running;
    private Thread listener;

    EventWakeups(DataSource dataSource, RunEventLog events, EventStreams streams) {
        this.dataSource = dataSource;
        this.events = events;
        this.streams = streams;
    }

    @Override
    public void start() {
        running = true;
        if (!events.notifies()) {
            return;
        }
        listener = new Thread(this::listen, "kiln-events-listen");
        listener.setDaemon(true);
        listener.start();
    }

    private void listen() {
        while (running) {
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                connection.setAutoCommit(true);
                statement.execute("LISTEN " + RunEventLog.CHANNEL);
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(1000);
                    if (notifications == null) {
                        continue;
                    }
                    for (PGNotification notification : notifications) {
                        streams.wake(UUID.fromString(notification.getParameter()));
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    log.warn("Listening for run events failed ({}); streams poll until it is back", e.toString());
                    sleep();
                }
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void stop() {
        running = false;
        if (listener != null) {
            listener.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
