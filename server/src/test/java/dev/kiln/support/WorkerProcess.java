package dev.kiln.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Kiln in a process of its own ({@code java dev.kiln.KilnApplication}): a worker (the API off) on a shared
 * database and files directory, or a whole Kiln on its embedded H2 database, so that tests can kill it for real (SIGKILL) or stop it (SIGTERM).
 */
public final class WorkerProcess implements AutoCloseable {
    private final String id;
    private final Process process;
    private final int port;
    private final Path log;

    private WorkerProcess(String id, Process process, int port, Path log) {
        this.id = id;
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts a worker named {@code id}; {@code settings} are extra {@code --name=value} arguments. */
    public static WorkerProcess start(String id, TestPostgres database, Path files, List<String> settings) {
        List<String> all = new ArrayList<>(List.of("kiln.api.enabled=false",
                "spring.datasource.url=" + database.jdbcUrl(), "spring.datasource.username=" + database.username(),
                "spring.datasource.password=" + database.password()));
        all.addAll(settings);
        return start(id, files, all);
    }

    /**
     * Starts a whole Kiln (API and worker) named {@code id} on its default database — the embedded H2 file under
     * {@code files} — unless {@code settings} (extra {@code name=value} arguments) say otherwise.
     */
    public static WorkerProcess start(String id, Path files, List<String> settings) {
        try {
            int port = freePort();
            Path log = Files.createDirectories(Path.of("target", "workers")).resolve(id + "-" + port + ".log");
            String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g"));
            for (String credential : List.of("aws.accessKeyId", "aws.secretAccessKey")) {
                if (System.getProperty(credential) != null) { // an S3 store's test credentials (see S3Server)
                    command.add("-D" + credential + "=" + System.getProperty(credential));
                }
            }
            command.addAll(List.of("-cp", classpath, "dev.kiln.KilnApplication",
                    "--server.port=" + port, "--kiln.instance-id=" + id, "--kiln.storage.root=" + files));
            settings.forEach(s -> command.add("--" + s));
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            return new WorkerProcess(id, process, port, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String id() {
        return id;
    }

    public int port() {
        return port;
    }

    /** Waits until the worker's health endpoint answers UP. */
    public WorkerProcess awaitReady() {
        HttpClient client = HttpClient.newHttpClient();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("worker " + id + " exited: " + Files.readString(log));
            }
            try {
                var answer = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                return answer.statusCode() == 200 && answer.body().contains("\"UP\"");
            } catch (IOException e) {
                return false;
            }
        });
        return this;
    }

    /** The HTTP status this worker answers for {@code path}. */
    public int status(String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** The HTTP status this worker answers for {@code path} when called with {@code key}. */
    public int status(String path, String key) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** SIGKILL: the process dies at once, without a word to anyone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM; returns how long the process took to exit. */
    public Duration terminate(Duration limit) throws InterruptedException {
        long start = System.nanoTime();
        process.destroy();
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("worker " + id + " did not exit within " + limit);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
