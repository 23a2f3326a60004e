package dev.kiln.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.persistence.JsonColumn;
import dev.kiln.run.spec.Optimizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The README's hyperparameter table shows the defaults Kiln resolves, read from where they are written. */
class ReadmeDefaultsTest {
    private static final Pattern ROW = Pattern.compile("^\\| `([a-zA-Z.]+)` \\| ([^|]+) \\|", Pattern.MULTILINE);

    private static Map<String, String> table() throws IOException {
        String readme = Files.readString(Path.of("../README.md"));
        Map<String, String> defaults = new LinkedHashMap<>();
        Matcher row = ROW.matcher(readme.substring(readme.indexOf("| hyperparameter | default | meaning |")));
        while (row.find()) {
            defaults.put(row.group(1), row.group(2).strip().replace("`", ""));
        }
        return defaults;
    }

    @Test
    void theTableShowsTheDefaultsThatRunsResolveTo() throws IOException {
        Map<String, String> table = table();
        JsonNode defaults = JsonColumn.mapper().valueToTree(Hyperparameters.defaults());
        Optimizer.Adam adam = Optimizer.Adam.defaults();

        for (String option : new String[] {"epochs", "batchSize", "validationSplit", "shuffle", "device"}) {
            assertThat(table.get(option)).as(option).isEqualTo(defaults.get(option).asString());
        }
        assertThat(table.get("optimizer.type")).isEqualTo(defaults.get("optimizer").get("type").asString());
        assertThat(table.get("learningRateSchedule")).isEqualTo(defaults.get("learningRateSchedule").get("type")
                .asString());
        assertThat(table.get("optimizer.learningRate")).startsWith(String.valueOf(adam.learningRate()));
        assertThat(table.get("optimizer.beta1, beta2, epsilon")).isNull(); // a row of several names is checked below
        assertThat(Files.readString(Path.of("../README.md"))).contains("| `optimizer.beta1`, `beta2`, `epsilon` | "
                + adam.beta1() + ", " + adam.beta2() + ", 1e-7 |");
        assertThat(adam.epsilon()).isEqualTo(1e-7);
    }
}
