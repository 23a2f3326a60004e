package dev.kiln.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Projects and keys made through the API by an admin client, for tests that act as several callers. */
public final class Access {
    private Access() {}

    /** Creates a project with a fresh unique name; returns its id. */
    public static String project(KilnHttp admin, String prefix) {
        KilnHttp.Answer answer = admin.postJson("/api/v1/projects",
                Map.of("name", prefix + "-" + UUID.randomUUID().toString().substring(0, 8)));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.id();
    }

    /** A client holding a new key of {@code project} with {@code scopes}. */
    public static KilnHttp key(KilnHttp admin, String project, String... scopes) {
        KilnHttp.Answer answer = admin.postJson("/api/v1/keys", Map.of("project", project, "scopes", List.of(scopes)));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return admin.withKey(answer.json().get("key").asString());
    }

    /** The id of the key a client sends (the part between the prefix and the secret is not it: asked from Kiln). */
    public static String keyId(KilnHttp admin, KilnHttp client) {
        return admin.get("/api/v1/keys?size=100").json().get("content").valueStream()
                .filter(k -> client.key().startsWith("kiln_" + k.get("prefix").asString() + "_"))
                .findFirst().orElseThrow().get("id").asString();
    }
}
