package dev.kiln.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.KilnApplication;
import dev.kiln.api.BadInputContract;
import dev.kiln.support.KilnHttp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Secure by default, without friction: the first start writes an admin key for the quickstart, later starts leave
 * it alone, the last admin key cannot be revoked, and security switched off is refused beyond loopback. Each test
 * starts Kilns of its own, on a data directory of its own.
 */
class FirstStartTest {
    @TempDir
    Path files;

    private ConfigurableApplicationContext start(String... settings) {
        List<String> arguments = new java.util.ArrayList<>(List.of("--server.port=0", "--kiln.storage.root=" + files,
                "--kiln.worker.enabled=false", "--logging.level.root=WARN", "--spring.main.banner-mode=off"));
        arguments.addAll(List.of(settings));
        return SpringApplication.run(KilnApplication.class, arguments.toArray(String[]::new));
    }

    private static KilnHttp client(ConfigurableApplicationContext kiln) {
        return new KilnHttp(kiln.getEnvironment().getRequiredProperty("local.server.port", Integer.class));
    }

    @Test
    void theFirstStartWritesAnAdminKeyReadableOnlyByItsOwnerAndLaterStartsKeepIt() throws Exception {
        Path keyFile = files.resolve("admin.key");
        String key;
        try (var kiln = start()) {
            key = Files.readString(keyFile);
            assertThat(key).matches("kiln_[a-z0-9]{12}_[A-Za-z0-9_-]{43}");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
            assertThat(client(kiln).withKey(key).get("/api/v1/projects").status()).isEqualTo(200);
            assertThat(client(kiln).get("/api/v1/projects").status()).isEqualTo(401);
        }
        try (var again = start()) {
            assertThat(Files.readString(keyFile)).isEqualTo(key);
            assertThat(client(again).withKey(key).get("/api/v1/keys").json().get("page").get("totalElements").asInt())
                    .isEqualTo(1);
        }
    }

    @Test
    void theLastWorkingAdminKeyCannotBeRevoked() throws Exception {
        try (var kiln = start()) {
            KilnHttp first = client(kiln).withKey(Files.readString(files.resolve("admin.key")));
            String firstId = first.get("/api/v1/keys").json().get("content").get(0).get("id").asString();
            KilnHttp.Answer refused = first.delete("/api/v1/keys/" + firstId);
            assertThat(refused.status()).isEqualTo(409);
            assertThat(refused.json().get("detail").asString()).contains("last working admin key");

            KilnHttp.Answer spare = first.postJson("/api/v1/keys", Map.of("scopes", List.of("admin"), "name", "spare"));
            assertThat(spare.status()).as(spare.body()).isEqualTo(201);
            KilnHttp second = first.withKey(spare.json().get("key").asString());
            assertThat(second.delete("/api/v1/keys/" + firstId).status()).isEqualTo(204);
            assertThat(first.get("/api/v1/keys").status()).isEqualTo(401);
            assertThat(second.delete("/api/v1/keys/" + spare.id()).status()).isEqualTo(409);
        }
    }

    @Test
    void securityOffIsRefusedOnANetworkAddressUnlessConfirmed() {
        assertThatThrownBy(() -> start("--kiln.security.enabled=false", "--server.address=0.0.0.0"))
                .hasStackTraceContaining("kiln.security.allow-unauthenticated-network=true");

        try (var kiln = start("--kiln.security.enabled=false", "--server.address=127.0.0.1")) {
            assertThat(Files.exists(files.resolve("admin.key"))).isFalse();
            KilnHttp anyone = client(kiln);
            assertThat(anyone.postJson("/api/v1/models", BadInputContract.GOOD_MODEL).status()).isEqualTo(201);
            assertThat(anyone.get("/api/v1/projects").status()).isEqualTo(200);
        }
    }
}
