package dev.kiln.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Kiln's OpenAPI document, linted with Spectral's OpenAPI ruleset (spectral:oas): no errors. */
class OpenApiLintTest {

    @Test
    void theDocumentHasNoSpectralErrors() throws IOException {
        Node.require();
        Path report = Path.of("target/spectral.json").toAbsolutePath();

        Node.Result lint = Node.run(List.of("npx", "spectral", "lint", "../target/openapi/kiln-openapi.json",
                "--ruleset", ".spectral.yaml", "--format", "json", "--output", report.toString(),
                "--fail-severity", "error"), 5);

        JsonNode results = new ObjectMapper().readTree(Files.readString(report));
        List<String> errors = new ArrayList<>();
        int warnings = 0;
        for (JsonNode result : results) {
            if (result.get("severity").asInt() == 0) {
                errors.add(result.get("code").asText() + " at " + result.get("path") + ": "
                        + result.get("message").asText());
            } else {
                warnings++;
            }
        }
        System.out.println("Spectral: " + errors.size() + " errors, " + warnings + " warnings (" + report + ")");
        assertThat(errors).as(lint.output()).isEmpty();
        assertThat(lint.exit()).as(lint.output()).isZero();
    }
}
