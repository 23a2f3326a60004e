package dev.kiln.client;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Node and npm for the TypeScript client and Spectral, with the tools of {@code client/ts/package.json} installed
 * from the npm registry. Where node is absent the tests that need it are skipped with a message — unless
 * {@code KILN_TEST_NODE_REQUIRED=true} (CI sets it), which makes that a failure.
 */
final class Node {
    static final Path TOOLS = Path.of("ts").toAbsolutePath();

    private Node() {}

    /** Skips (or, where required, fails) the calling test when node and npm are not installed. */
    static void require() {
        if (found("node") && found("npm")) {
            install();
            return;
        }
        String message = "node and npm are not installed: the TypeScript client and Spectral checks are skipped "
                + "(install Debian's nodejs and npm to run them)";
        if ("true".equals(System.getenv("KILN_TEST_NODE_REQUIRED"))) {
            fail(message + "; KILN_TEST_NODE_REQUIRED is true");
        }
        Assumptions.abort(message);
    }

    /** The result of a command run in {@code client/ts}. */
    record Result(int exit, String output) {}

    static Result run(List<String> command, long minutes) {
        try {
            Process process = new ProcessBuilder(command).directory(TOOLS.toFile()).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                fail(String.join(" ", command) + " did not finish in " + minutes + " minutes:\n" + output);
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static synchronized void install() {
        if (Files.isDirectory(TOOLS.resolve("node_modules/typescript"))
                && Files.isDirectory(TOOLS.resolve("node_modules/@stoplight/spectral-cli"))) {
            return;
        }
        Result installed = run(List.of("npm", "ci", "--no-audit", "--no-fund"), 10);
        if (installed.exit() != 0) {
            fail("npm ci failed:\n" + installed.output());
        }
    }

    private static boolean found(String program) {
        List<String> path = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        return path.stream().anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
    }
}
