package dev.kiln.training;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.kiln.run.Hyperparameters;
import java.util.UUID;

/**
 * Where a trained model comes from, stored with its run and in its artifact (Tribuo's provenance): enough to
 * reproduce it and to audit it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunProvenance(UUID runId, String datasetSha256, Hyperparameters hyperparameters, long seed,
                            String engine, String engineVersion, String djlVersion, String device, int threads,
                            String javaVersion, String osArch, String kilnVersion, String instance,
                            UUID parentRunId, String parentCheckpoint) {

    static String currentKilnVersion() {
        String version = RunProvenance.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }
}
