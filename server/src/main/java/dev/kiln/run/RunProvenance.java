package dev.kiln.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.kiln.run.spec.TrainingSpec;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;
import java.util.UUID;

/**
 * Where a trained model comes from, stored with its run and in its artifact (Tribuo's provenance): enough to
 * reproduce it and to audit it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "Where a trained model comes from: data, settings, engine and machine")
public record RunProvenance(UUID runId, String datasetSha256, TrainingSpec hyperparameters, long seed,
                            String engine, String engineVersion, String djlVersion, String device, int threads,
                            String javaVersion, String osArch, String kilnVersion, String instance,
                            @Nullable UUID parentRunId, @Nullable String parentCheckpoint) {

    public static String currentKilnVersion() {
        String version = RunProvenance.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }
}
