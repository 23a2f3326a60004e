package dev.kiln.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.support.OnH2;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The README's walkthrough, {@code examples/quickstart.sh}, works exactly as written against a started server. */
class QuickstartScriptTest extends OnH2 {
    @LocalServerPort
    private int port;

    @Test
    void theQuickstartTrainsAModelAndPrintsItsPerEpochMetrics() throws IOException, InterruptedException {
        var builder = new ProcessBuilder("bash", "../examples/quickstart.sh").redirectErrorStream(true);
        builder.environment().put("KILN_URL", "http://localhost:" + port);
        builder.environment().put("KILN_DATA", storageRoot().toString());
        builder.environment().remove("KILN_KEY");
        Process script = builder.start();
        script.getOutputStream().close();
        String output = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(script.waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(script.exitValue()).as(output).isZero();
        assertThat(output).contains("SUCCEEDED").contains("epoch,durationMs,samplesPerSecond,loss,accuracy")
                .contains("\"test_accuracy\":");
        assertThat(output.lines().filter(line -> line.matches("^\\d+,.*"))).hasSize(30);
    }
}
