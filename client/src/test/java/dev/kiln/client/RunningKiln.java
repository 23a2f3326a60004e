package dev.kiln.client;

import dev.kiln.KilnApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/** One Kiln for the client tests: started from the server module on a free port, its files in a fresh directory. */
final class RunningKiln {
    private static ConfigurableApplicationContext kiln;
    private static Path files;

    private RunningKiln() {}

    /** The base URL of the Kiln these tests share, starting it on first use. */
    static synchronized String url() {
        if (kiln == null) {
            try {
                files = Files.createTempDirectory("kiln-client-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            kiln = SpringApplication.run(KilnApplication.class, "--server.port=0",
                    "--kiln.storage.root=" + files, "--spring.main.banner-mode=off",
                    "--db-scheduler.polling-interval=500ms");
            Runtime.getRuntime().addShutdownHook(new Thread(kiln::close));
        }
        return "http://localhost:" + kiln.getEnvironment().getRequiredProperty("local.server.port");
    }

    /** The admin key the started Kiln wrote to {@code admin.key} in its data directory. */
    static synchronized String key() {
        url();
        try {
            return Files.readString(files.resolve("admin.key")).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The repository's root (the client module's parent), where the example data lives. */
    static Path repository() {
        return Path.of("..").toAbsolutePath().normalize();
    }
}
