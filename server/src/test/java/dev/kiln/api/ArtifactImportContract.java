package dev.kiln.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.support.KilnHttp;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An imported artifact is checked exactly like a model and a run submitted over the API, and its parameters are
 * loaded into the declared network before anything is stored: a crafted artifact is refused with 422 naming what is
 * wrong, never a 500 or an OutOfMemoryError, and leaves no model, run or file behind. Implemented once per database.
 */
public interface ArtifactImportContract {
    JsonMapper JSON = JsonMapper.builder().build();

    KilnHttp http();

    Path storageRoot();

    /** A real artifact of a small iris run: entry name → bytes. */
    private Map<String, byte[]> artifact() {
        String data = http().uploadId("iris_train.csv");
        String model = http().createModel(BadInputContract.GOOD_MODEL);
        String run = http().submitRun("""
                {"datasetId": "%s", "modelId": "%s", "target": "target", "hyperparameters": {"epochs": 2, "seed": 3}}"""
                .formatted(data, model));
        assertThat(http().awaitFinished(run).get("status").asString()).isEqualTo("SUCCEEDED");
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (var zip = new ZipInputStream(new ByteArrayInputStream(http().bytes("/api/v1/runs/" + run + "/model")))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                entries.put(entry.getName(), zip.readAllBytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }

    private static byte[] zip(Map<String, byte[]> entries) {
        var out = new ByteArrayOutputStream();
        try (var zip = new ZipOutputStream(out)) {
            for (var entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The artifact with its manifest changed by {@code change}. */
    private static Map<String, byte[]> withManifest(Map<String, byte[]> artifact, Consumer<ObjectNode> change) {
        ObjectNode manifest = (ObjectNode) JSON.readTree(artifact.get("kiln-model.json"));
        change.accept(manifest);
        Map<String, byte[]> changed = new LinkedHashMap<>(artifact);
        changed.put("kiln-model.json", JSON.writeValueAsBytes(manifest));
        return changed;
    }

    /** The artifact with other parameters, the manifest's checksum updated to match them. */
    private static Map<String, byte[]> withParameters(Map<String, byte[]> artifact, byte[] parameters) {
        Map<String, byte[]> changed = withManifest(artifact, m -> ((ObjectNode) m.get("parameters"))
                .put("sha256", sha256(parameters)));
        changed.put("parameters.ckpt", parameters);
        return changed;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Where the first array's byte count sits in a checkpoint file (DJL's NDArray encoding, versions 2 and 3). */
    private static int firstArrayLengthOffset(byte[] checkpoint) {
        ByteBuffer in = ByteBuffer.wrap(checkpoint);
        in.position(8 + 4 + 4 + 4 + 8 + 4);
        for (int list = 0; list < 2; list++) {
            int n = in.getInt();
            in.position(in.position() + Math.max(0, n) * 8);
        }
        in.getInt(); // arrays
        skipUtf(in); // NDAR
        int version = in.getInt();
        if (version > 2 && in.get() == 1) {
            skipUtf(in);
        }
        skipUtf(in); // sparse format
        skipUtf(in); // data type
        int dimensions = in.getInt();
        in.position(in.position() + dimensions * 8);
        int layout = in.getInt();
        in.position(in.position() + layout * 2);
        if (version > 2) {
            in.get();
        }
        return in.position();
    }

    private static void skipUtf(ByteBuffer in) {
        int length = Short.toUnsignedInt(in.getShort());
        in.position(in.position() + length);
    }

    /** Imports {@code artifact}, expects 422 naming {@code field} with {@code reason}, and checks nothing stayed. */
    private void refused(Map<String, byte[]> artifact, String field, String reason) {
        long models = total("/api/v1/models");
        long runs = total("/api/v1/runs");
        List<Path> imports = imports();

        KilnHttp.Answer answer = http().uploadTo("/api/v1/models/import", "crafted.zip", zip(artifact));

        assertThat(answer.status()).as(answer.body()).isEqualTo(422);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.body()).doesNotContain("Exception").doesNotContain("dev.kiln");
        assertThat(answer.json().get("errors")).anySatisfy(error -> {
            assertThat(error.get("field").asString()).isEqualTo(field);
            assertThat(error.get("message").asString()).contains(reason);
        });
        assertThat(total("/api/v1/models")).as("models").isEqualTo(models);
        assertThat(total("/api/v1/runs")).as("runs").isEqualTo(runs);
        assertThat(imports()).as("staged import folders").isEqualTo(imports);
    }

    private long total(String list) {
        return http().get(list).json().get("page").get("totalElements").asLong();
    }

    private List<Path> imports() {
        Path folder = storageRoot().resolve("imports");
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    default void parametersThatDoNotFitTheDeclaredLayersAreRefused() {
        Map<String, byte[]> artifact = artifact();
        refused(withManifest(artifact, m -> ((ObjectNode) m.get("model").get("layers").get(0)).put("units", 9)),
                "file.parameters.ckpt", "array 0: shape [8, 4]");
    }

    @Test
    default void aSwappedTaskIsRefused() {
        refused(withManifest(artifact(), m -> m.put("task", "binary")), "file.preprocessing.target",
                "do not fit a binary task");
    }

    @Test
    default void valuesThatPostModelsRefusesAreRefusedInAManifestToo() {
        Map<String, byte[]> artifact = artifact();
        refused(withManifest(artifact, m -> ((ObjectNode) m.get("model").get("layers").get(0)).put("l2", 1e9)),
                "file.model.layers[0].l2", "less than or equal to");
        refused(withManifest(artifact, m -> ((ArrayNode) m.get("model").get("layers")).insertObject(1)
                .put("type", "dropout").put("rate", 5.0)), "file.model.layers[1].rate", "less than 1");
    }

    @Test
    default void aMissingModelOrPreprocessingIsRefusedWithoutAnOrphan() {
        Map<String, byte[]> artifact = artifact();
        refused(withManifest(artifact, m -> m.putNull("model")), "file.model", "is missing");
        refused(withManifest(artifact, m -> m.putNull("preprocessing")), "file.preprocessing", "is missing");
        refused(withManifest(artifact, m -> m.remove("parameters")), "file", "sha256");
    }

    @Test
    default void aCraftedArrayHeaderIsRefusedWithoutAllocatingIt() {
        Map<String, byte[]> artifact = artifact();
        byte[] parameters = artifact.get("parameters.ckpt").clone();
        ByteBuffer.wrap(parameters).putInt(firstArrayLengthOffset(parameters), Integer.MAX_VALUE);
        refused(withParameters(artifact, parameters), "file.parameters.ckpt", "declares 2147483647 bytes");

        byte[] truncated = java.util.Arrays.copyOf(artifact.get("parameters.ckpt"), 200);
        refused(withParameters(artifact, truncated), "file.parameters.ckpt", "in a file of 200 bytes");
        byte[] header = java.util.Arrays.copyOf(artifact.get("parameters.ckpt"), 60);
        refused(withParameters(artifact, header), "file.parameters.ckpt", "ends early");

        byte[] garbage = "#!/bin/sh rm -rf /".getBytes(StandardCharsets.US_ASCII);
        refused(withParameters(artifact, garbage), "file.parameters.ckpt", "not a Kiln checkpoint");
    }

    @Test
    default void aZipWithAnUnknownEntryIsRefused() {
        Map<String, byte[]> extra = new LinkedHashMap<>(artifact());
        extra.put("../../etc/cron.d/evil", new byte[] {1});
        refused(extra, "file", "unexpected entry");
    }

    @Test
    default void theUntouchedArtifactStillImports() {
        KilnHttp.Answer imported = http().uploadTo("/api/v1/models/import", "model.zip", zip(artifact()));
        assertThat(imported.status()).as(imported.body()).isEqualTo(201);
        JsonNode run = http().get("/api/v1/runs/" + imported.json().get("runId").asString()).json();
        assertThat(run.get("status").asString()).isEqualTo("SUCCEEDED");
    }
}
