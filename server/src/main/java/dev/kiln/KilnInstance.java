package dev.kiln;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The stable, readable name of this Kiln process: {@code kiln.instance-id} when configured, else host and port
 * (host and process id when the port is chosen at random). It appears in every status change a run records.
 */
@Component
public class KilnInstance {
    private final String id;

    KilnInstance(Environment environment) {
        String configured = environment.getProperty("kiln.instance-id");
        if (configured != null && !configured.isBlank()) {
            this.id = configured.strip();
        } else {
            int port = environment.getProperty("server.port", Integer.class, 8080);
            this.id = host() + (port > 0 ? ":" + port : "-" + ProcessHandle.current().pid());
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    public String id() {
        return id;
    }

    @Override
    public String toString() {
        return id;
    }
}
