package dev.kiln.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's quickstart through the TypeScript client generated (typescript-fetch) from Kiln's OpenAPI document,
 * unmodified: {@code client/ts/quickstart.ts} compiled with tsc, run with node against a started Kiln.
 */
class QuickstartThroughTypeScriptClientTest {

    @Test
    void theGeneratedTypeScriptClientRunsTheQuickstart() {
        Node.require();
        Node.Result compiled = Node.run(List.of("npx", "tsc", "-p", "tsconfig.json"), 5);
        assertThat(compiled.exit()).as(compiled.output()).isZero();

        Node.Result run = Node.run(List.of("node", "../target/ts-build/ts/quickstart.js", RunningKiln.url(),
                RunningKiln.repository().toString(), RunningKiln.key()), 10);

        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).contains("3-4. run", "SUCCEEDED", "5. metrics: epochs 30", "6. predicted 0",
                "8. image predicted as", "9. problems urn:kiln:problem:not-found layers[0].units", "QUICKSTART OK");
    }
}
