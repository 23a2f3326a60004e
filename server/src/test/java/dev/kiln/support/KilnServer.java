package dev.kiln.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A Kiln started on a random port with its files in a fresh temporary directory. Subclasses choose the
 * database; every test class of one subclass shares the same started application.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "kiln.datasets.max-upload-size=2MB",
        "db-scheduler.polling-interval=500ms",
        "kiln.training.cancel-poll-interval=200ms",
        "kiln.training.max-memory=2GB",
        "kiln.webhooks.allow-private-targets=true", // the tests' receivers listen on 127.0.0.1
        "kiln.webhooks.initial-backoff=300ms",
        "kiln.studies.sweep-interval=1s"})
public abstract class KilnServer {
    @LocalServerPort
    private int port;

    @org.springframework.beans.factory.annotation.Value("${kiln.storage.root}")
    private String storageRoot;

    protected KilnHttp http;

    @BeforeEach
    void connect() {
        http = new KilnHttp(port).withKey(adminKey());
    }

    /** The admin key this Kiln wrote to {@code admin.key} in its data directory on its first start. */
    public String adminKey() {
        try {
            return Files.readString(storageRoot().resolve("admin.key")).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A client without a key. */
    public KilnHttp anonymous() {
        return new KilnHttp(port);
    }

    public KilnHttp http() {
        return http;
    }

    /** The directory under which this Kiln keeps its files (datasets, checkpoints, models). */
    public Path storageRoot() {
        return Path.of(storageRoot);
    }

    protected static Path temporaryDirectory(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
