package dev.kiln.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The PostgreSQL the tests run against, chosen once per JVM:
 * <ol>
 *   <li>{@code KILN_TEST_POSTGRES_URL} (with {@code KILN_TEST_POSTGRES_USER}, {@code _PASSWORD}): an external
 *       server; the tests get a fresh schema of their own, dropped when the JVM exits;</li>
 *   <li>else a Testcontainers PostgreSQL when a Docker engine answers;</li>
 *   <li>else the PostgreSQL tests are skipped with a message — or fail, when {@code KILN_TEST_POSTGRES_REQUIRED}
 *       is {@code true} (CI sets it, so that they can never be skipped silently there).</li>
 * </ol>
 */
public record TestPostgres(String jdbcUrl, String username, String password) {
    private static TestPostgres instance;
    private static String externalUrl;

    public static synchronized TestPostgres get() {
        if (instance == null) {
            instance = start();
        }
        return instance;
    }

    /**
     * Whether PostgreSQL tests can run here (a URL is set or Docker answers) — or must, because CI requires them
     * (then a missing database fails them loudly instead of skipping them).
     */
    public static boolean availableOrRequired() {
        String url = System.getenv("KILN_TEST_POSTGRES_URL");
        return url != null && !url.isBlank() || Boolean.parseBoolean(System.getenv("KILN_TEST_POSTGRES_REQUIRED"))
                || DockerClientFactory.instance().isDockerAvailable();
    }

    /** Another, empty database on the same server (a schema of its own), for tests that must not share a queue. */
    public static synchronized TestPostgres fresh() {
        TestPostgres shared = get();
        String base = externalUrl != null ? externalUrl : shared.jdbcUrl();
        return external(base, shared.username(), shared.password());
    }

    private static TestPostgres start() {
        String url = System.getenv("KILN_TEST_POSTGRES_URL");
        if (url != null && !url.isBlank()) {
            externalUrl = url;
            return external(url, env("KILN_TEST_POSTGRES_USER", "postgres"), env("KILN_TEST_POSTGRES_PASSWORD", ""));
        }
        if (DockerClientFactory.instance().isDockerAvailable()) {
            var container = new PostgreSQLContainer("postgres:16-alpine");
            container.start();
            return new TestPostgres(container.getJdbcUrl(), container.getUsername(), container.getPassword());
        }
        String message = "No PostgreSQL for the PostgreSQL tests: set KILN_TEST_POSTGRES_URL "
                + "(e.g. jdbc:postgresql://127.0.0.1:5432/test) or run a Docker engine";
        if (Boolean.parseBoolean(System.getenv("KILN_TEST_POSTGRES_REQUIRED"))) {
            throw new IllegalStateException(message);
        }
        System.err.println("WARNING: " + message + "; skipping them.");
        Assumptions.abort(message);
        return null;
    }

    private static TestPostgres external(String url, String user, String password) {
        String schema = "kiln_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute(url, user, password, "create schema " + schema);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                execute(url, user, password, "drop schema " + schema + " cascade");
            } catch (RuntimeException e) {
                System.err.println("Could not drop test schema " + schema + ": " + e.getMessage());
            }
        }));
        String separator = url.contains("?") ? "&" : "?";
        return new TestPostgres(url + separator + "currentSchema=" + schema, user, password);
    }

    private static void execute(String url, String user, String password, String sql) {
        try (Connection connection = DriverManager.getConnection(url, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + url + ": " + e.getMessage(), e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }
}
