package dev.kiln.access;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Secure by default without friction: on the first start with no key, Kiln makes an admin key and writes it, once, to
 * {@code admin.key} in its data directory (the key alone, readable by this user only) before it serves anything;
 * the quickstart reads it from there. With security switched off it says so loudly, and refuses to start on a
 * network address unless that is confirmed.
 */
@Component
@EnableConfigurationProperties(AccessSettings.class)
class Bootstrap implements InitializingBean {
    private static final Logger log = LoggerFactory.getLogger(Bootstrap.class);

    private final AccessSettings settings;
    private final Keys keys;
    private final Projects projects;
    private final Environment environment;

    Bootstrap(AccessSettings settings, Keys keys, Projects projects, Environment environment) {
        this.settings = settings;
        this.keys = keys;
        this.projects = projects;
        this.environment = environment;
    }

    @Override
    public void afterPropertiesSet() {
        if (!settings.enabled()) {
            String address = environment.getProperty("server.address");
            if (!loopback(address) && !settings.allowUnauthenticatedNetwork()) {
                throw new IllegalStateException("kiln.security.enabled=false, but the server listens on "
                        + (address == null ? "every network interface" : address) + ": anyone who can reach it could "
                        + "do anything. Set server.address=127.0.0.1, or confirm with "
                        + "kiln.security.allow-unauthenticated-network=true");
            }
            log.warn("*** SECURITY IS OFF (kiln.security.enabled=false): every caller is an admin of every project. "
                    + "Use this on a laptop only. ***");
            return;
        }
        Keys.Created created = projects.underBootstrapLock(() -> keys.any() ? null
                : keys.create(null, Set.of(KeyScope.ADMIN), "first admin key", null));
        if (created != null) {
            write(settings.adminKeyFile(), created.secret());
            log.warn("Kiln made its first API key, an admin key. It is in {} (readable by this user only): "
                    + "curl -H \"Authorization: Bearer $(cat {})\" …", settings.adminKeyFile().toAbsolutePath(),
                    settings.adminKeyFile().toAbsolutePath());
        }
    }

    private static void write(Path file, String key) {
        try {
            Path directory = file.toAbsolutePath().getParent();
            Files.createDirectories(directory);
            Path partial = Files.createTempFile(directory, ".admin-key", ".partial");
            try {
                Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the directory's permissions protect it
            }
            Files.writeString(partial, key);
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the first admin key to " + file, e);
        }
    }

    private static boolean loopback(String address) {
        if (address == null || address.isBlank()) {
            return false;
        }
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
