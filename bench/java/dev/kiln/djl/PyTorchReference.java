package dev.kiln.djl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a PyTorch reference script of {@code bench/python} (Debian's python3, {@code -Dkiln.bench.python} to change)
 * and reads the {@code samples_per_second} line it prints.
 */
final class PyTorchReference {
    private PyTorchReference() {}

    static double samplesPerSecond(String script, String... arguments) {
        List<String> command = new ArrayList<>(List.of(System.getProperty("kiln.bench.python", "/usr/bin/python3"),
                "bench/python/" + script));
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0 || !output.contains("samples_per_second")) {
                throw new IllegalStateException("the PyTorch reference failed:\n" + output);
            }
            String line = output.lines().filter(l -> l.startsWith("samples_per_second")).findFirst().orElseThrow();
            return Double.parseDouble(line.split(" ")[1]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
