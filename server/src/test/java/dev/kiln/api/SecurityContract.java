package dev.kiln.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kiln.support.Access;
import dev.kiln.support.ApiOperations;
import dev.kiln.support.KilnHttp;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Secure by default: every {@code /api} call needs a key with the right scope, refusals are problem+json, admin-only
 * things stay admin-only, operations endpoints leak nothing to anonymous callers, answers carry security headers and
 * every write lands in the audit log. Implemented once per database.
 */
public interface SecurityContract {
    /** A client with the admin key Kiln wrote on its first start. */
    KilnHttp http();

    /** A client without a key. */
    KilnHttp anonymous();

    private static JsonNode refused(KilnHttp.Answer answer, int status, String reason) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        JsonNode problem = answer.json();
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("detail").asString()).containsIgnoringCase(reason);
        return problem;
    }

    private static Map<String, String> anyIds() {
        String id = UUID.randomUUID().toString();
        return Map.of("id", id, "job", id, "index", "0");
    }

    @Test
    default void everyApiOperationWithoutAKeyIsUnauthorized() {
        List<ApiOperations.Operation> operations = ApiOperations.of(http());
        assertThat(operations).hasSizeGreaterThan(30);
        for (ApiOperations.Operation operation : operations) {
            Map<String, String> headers = operation.bodyType() == null ? Map.of()
                    : Map.of("Content-Type", "application/json");
            KilnHttp.Answer answer = anonymous().call(operation.method(), operation.path(anyIds()), headers,
                    operation.bodyType() == null ? null : "{}");
            assertThat(answer.status()).as(operation + ": " + answer.body()).isEqualTo(401);
            assertThat(answer.contentType()).as(operation.toString()).startsWith("application/problem+json");
            assertThat(answer.headers().firstValue("WWW-Authenticate")).as(operation.toString())
                    .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        }
    }

    @Test
    default void aBrowsersSimpleCrossOriginRequestsWithoutTheHeaderStoreNothing() {
        long datasets = http().get("/api/v1/datasets").json().get("page").get("totalElements").asLong();
        String boundary = "evil";
        String upload = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\na,b\n1,2\n\r\n--" + boundary + "--\r\n";
        refused(anonymous().call("POST", "/api/v1/datasets", Map.of("Origin", "https://evil.example",
                "Content-Type", "multipart/form-data; boundary=" + boundary), upload), 401, "API key");
        refused(anonymous().call("POST", "/api/v1/runs/" + UUID.randomUUID() + "/cancel", Map.of(
                "Origin", "https://evil.example", "Content-Type", "text/plain"), "x"), 401, "API key");

        assertThat(http().get("/api/v1/datasets").json().get("page").get("totalElements").asLong())
                .isEqualTo(datasets);
    }

    @Test
    default void crossOriginCallsAreRefusedUnlessTheirOriginIsConfigured() {
        KilnHttp.Answer preflight = anonymous().call("OPTIONS", "/api/v1/datasets", Map.of(
                "Origin", "https://evil.example", "Access-Control-Request-Method", "POST",
                "Access-Control-Request-Headers", "authorization"), null);

        assertThat(preflight.status()).as(preflight.headers() + preflight.body()).isEqualTo(403);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    default void unknownMalformedAndRevokedKeysAreRefusedSayingWhy() {
        String project = Access.project(http(), "keys");
        KilnHttp client = Access.key(http(), project, "read");
        assertThat(client.get("/api/v1/datasets").status()).isEqualTo(200);

        refused(http().withKey("kiln_aaaaaaaaaaaa_" + "x".repeat(43)).get("/api/v1/datasets"), 401, "unknown");
        refused(http().withKey("hunter2").get("/api/v1/datasets"), 401, "not a Kiln API key");
        refused(anonymous().call("GET", "/api/v1/datasets", Map.of("Authorization", "Basic YTpi"), null), 401,
                "Bearer");
        String tampered = client.key().substring(0, client.key().length() - 1)
                + (client.key().endsWith("A") ? "B" : "A");
        refused(http().withKey(tampered).get("/api/v1/datasets"), 401, "unknown");

        assertThat(http().delete("/api/v1/keys/" + Access.keyId(http(), client)).status()).isEqualTo(204);
        refused(client.get("/api/v1/datasets"), 401, "revoked");
    }

    @Test
    default void anExpiredKeyStopsWorking() {
        String project = Access.project(http(), "expiry");
        KilnHttp.Answer created = http().postJson("/api/v1/keys", Map.of("project", project, "scopes", List.of("read"),
                "expiresAt", Instant.now().plusSeconds(2).toString()));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        KilnHttp client = http().withKey(created.json().get("key").asString());
        assertThat(client.get("/api/v1/runs").status()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(10)).until(() -> client.get("/api/v1/runs").status() == 401);
        refused(client.get("/api/v1/runs"), 401, "expired");
        refused(http().postJson("/api/v1/keys", Map.of("project", project, "scopes", List.of("read"),
                "expiresAt", "2020-01-01T00:00:00Z")), 422, "in the future");
    }

    @Test
    default void aReadKeyReadsButCannotWrite() {
        String project = Access.project(http(), "readers");
        KilnHttp reader = Access.key(http(), project, "read");

        assertThat(reader.get("/api/v1/models").status()).isEqualTo(200);
        refused(reader.postJson("/api/v1/models", BadInputContract.GOOD_MODEL), 403, "write");
        refused(reader.delete("/api/v1/datasets/" + UUID.randomUUID()), 403, "write");
    }

    @Test
    default void onlyAdminKeysManageProjectsKeysAndTheAuditLog() {
        String project = Access.project(http(), "tenants");
        KilnHttp member = Access.key(http(), project, "read", "write", "metrics");

        refused(member.get("/api/v1/projects"), 403, "admin");
        refused(member.postJson("/api/v1/projects", Map.of("name", "mine")), 403, "admin");
        refused(member.postJson("/api/v1/keys", Map.of("project", project, "scopes", List.of("read"))), 403, "admin");
        refused(member.get("/api/v1/keys"), 403, "admin");
        refused(member.get("/api/v1/audit"), 403, "admin");
        refused(http().postJson("/api/v1/keys", Map.of("project", project, "scopes", List.of("admin"))), 422,
                "admin keys work across projects");
    }

    @Test
    default void aKeyIsShownOnceAndListedOnlyByItsPrefix() {
        String project = Access.project(http(), "once");
        KilnHttp client = Access.key(http(), project, "read");
        String id = Access.keyId(http(), client);

        JsonNode listed = http().get("/api/v1/keys/" + id).json();
        assertThat(listed.has("key")).isFalse();
        assertThat(client.key()).startsWith("kiln_" + listed.get("prefix").asString() + "_");
        assertThat(http().get("/api/v1/keys?size=100").body()).doesNotContain(client.key().substring(18));
        assertThat(listed.get("scopes")).extracting(JsonNode::asString).containsExactly("read");
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            client.get("/api/v1/runs");
            return http().get("/api/v1/keys/" + id).json().hasNonNull("lastUsedAt");
        });
    }

    @Test
    default void healthShowsDetailsOnlyToAdminsAndInfoNothingOfTheMachine() {
        KilnHttp.Answer health = anonymous().get("/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asString()).isEqualTo("UP");
        assertThat(health.json().has("components")).isFalse();
        assertThat(health.body()).doesNotContain("/tmp").doesNotContain("path");

        assertThat(http().get("/actuator/health").json().get("components").has("db")).isTrue();

        KilnHttp.Answer info = anonymous().get("/actuator/info");
        assertThat(info.status()).isEqualTo(200);
        assertThat(info.json().has("java")).isFalse();
        assertThat(info.json().has("os")).isFalse();
        assertThat(info.body()).doesNotContain(System.getProperty("java.version"));

        refused(anonymous().get("/actuator/metrics"), 401, "API key");
    }

    @Test
    default void prometheusNeedsTheMetricsScope() {
        String project = Access.project(http(), "ops");
        refused(anonymous().get("/actuator/prometheus"), 401, "API key");
        refused(Access.key(http(), project, "read").get("/actuator/prometheus"), 403, "metrics");

        KilnHttp.Answer scraped = Access.key(http(), project, "metrics").get("/actuator/prometheus");
        assertThat(scraped.status()).isEqualTo(200);
        assertThat(scraped.body()).contains("jvm_memory_used_bytes");
    }

    @Test
    default void everyAnswerCarriesSecurityHeaders() {
        for (KilnHttp.Answer answer : List.of(http().get("/api/v1/runs"), anonymous().get("/api/v1/runs"),
                http().get("/api/v1/runs/" + UUID.randomUUID()), anonymous().get("/actuator/health"))) {
            assertThat(answer.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
            assertThat(answer.headers().firstValue("Cache-Control")).hasValueSatisfying(v -> assertThat(v)
                    .contains("no-store"));
            assertThat(answer.headers().firstValue("Referrer-Policy")).contains("no-referrer");
            assertThat(answer.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(v -> assertThat(v)
                    .contains("default-src 'self'").contains("frame-ancestors 'none'"));
        }
    }

    @Test
    default void theAuditLogRecordsEveryWriteWithWhoWhatWhenAndWhere() {
        String project = Access.project(http(), "audited");
        KilnHttp member = Access.key(http(), project, "read", "write");
        String keyId = Access.keyId(http(), member);
        Instant before = Instant.now().minusSeconds(1);

        assertThat(member.postJson("/api/v1/models", BadInputContract.GOOD_MODEL).status()).isEqualTo(201);
        member.get("/api/v1/models");
        member.delete("/api/v1/models/" + UUID.randomUUID());

        JsonNode log = http().get("/api/v1/audit?keyId=" + keyId).json().get("content");
        assertThat(log).hasSize(2);
        JsonNode delete = log.get(0);
        JsonNode create = log.get(1);
        assertThat(create.get("method").asString()).isEqualTo("POST");
        assertThat(create.get("path").asString()).isEqualTo("/api/v1/models");
        assertThat(create.get("status").asInt()).isEqualTo(201);
        assertThat(create.get("projectId").asString()).isEqualTo(project);
        assertThat(create.get("remoteAddress").asString()).isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
        assertThat(Instant.parse(create.get("at").asString())).isAfter(before);
        assertThat(delete.get("method").asString()).isEqualTo("DELETE");
        assertThat(delete.get("status").asInt()).isEqualTo(404);

        KilnHttp forged = http().withKey("kiln_aaaaaaaaaaaa_" + "x".repeat(43));
        assertThat(forged.postJson("/api/v1/models", BadInputContract.GOOD_MODEL).status()).isEqualTo(401);
        JsonNode refused = http().get("/api/v1/audit?size=1").json().get("content").get(0);
        assertThat(refused.get("status").asInt()).isEqualTo(401);
        assertThat(refused.get("path").asString()).isEqualTo("/api/v1/models");
        assertThat(refused.get("keyId").isNull()).isTrue();
    }

    @Test
    default void theOpenApiDocumentDescribesTheBearerScheme() {
        JsonNode document = anonymous().get("/v3/api-docs").json();

        JsonNode scheme = document.get("components").get("securitySchemes").get("apiKey");
        assertThat(scheme.get("type").asString()).isEqualTo("http");
        assertThat(scheme.get("scheme").asString()).isEqualTo("bearer");
        assertThat(document.get("security").get(0).has("apiKey")).isTrue();
        assertThat(document.get("paths").get("/api/v1/runs").get("get").get("responses").has("401")).isTrue();
        assertThat(anonymous().get("/swagger-ui/index.html").status()).isEqualTo(200);
        assertThat(new String(http().bytes("/v3/api-docs.yaml"), StandardCharsets.UTF_8)).contains("bearer");
    }
}
