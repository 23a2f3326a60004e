package dev.kiln.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A plain HTTP client for end-to-end tests: real requests to the started server, JSON answers. */
public final class KilnHttp {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private final String base;
    private final String key;

    /** A client that sends no key: every {@code /api} call answers 401. */
    public KilnHttp(int port) {
        this("http://localhost:" + port, null);
    }

    private KilnHttp(String base, String key) {
        this.base = base;
        this.key = key;
    }

    /** This client, sending {@code key} as its bearer token ({@code null}: none). */
    public KilnHttp withKey(String key) {
        return new KilnHttp(base, key);
    }

    /** This client without a key. */
    public KilnHttp anonymous() {
        return withKey(null);
    }

    /** The bearer key this client sends, or {@code null}. */
    public String key() {
        return key;
    }

    /** {@code text} read as JSON. */
    public static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    /** An answer: status, headers and the body as JSON (or text). */
    public record Answer(int status, java.net.http.HttpHeaders headers, String body) {
        public JsonNode json() {
            return JSON.readTree(body);
        }

        public String contentType() {
            return headers.firstValue("Content-Type").orElse("");
        }

        public String id() {
            return json().get("id").asString();
        }
    }

    public Answer get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    public Answer get(String path, String accept) {
        return send(HttpRequest.newBuilder(uri(path)).header("Accept", accept).GET().build());
    }

    /** Any request: {@code method} on {@code path} with these headers and body ({@code null}: none). */
    public Answer call(String method, String path, Map<String, String> headers, String body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path)).method(method, body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(builder::header);
        return send(builder.build());
    }

    public Answer delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE().build());
    }

    public Answer postJson(String path, Object body) {
        String json = body instanceof String s ? s : JSON.writeValueAsString(body);
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public Answer post(String path) {
        return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    /** Uploads a file from the test resources' data folder. */
    public Answer upload(String resource) {
        try {
            Path file = Path.of("src/test/resources/data", resource);
            return upload(resource, Files.readAllBytes(file), Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Uploads {@code content} as the multipart part {@code file}, with extra text parts. */
    public Answer upload(String fileName, byte[] content, Map<String, String> fields) {
        String boundary = "kiln-" + UUID.randomUUID();
        var body = new ByteArrayOutputStream();
        fields.forEach((name, value) -> write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\""
                + name + "\"\r\n\r\n" + value + "\r\n"));
        write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: text/csv\r\n\r\n");
        body.writeBytes(content);
        write(body, "\r\n--" + boundary + "--\r\n");
        return send(HttpRequest.newBuilder(uri("/api/v1/datasets"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build());
    }

    /** A file part of a multipart request. */
    public record Part(String name, String fileName, byte[] content) {}

    /** Posts multipart/form-data to {@code path}: the file parts, then text fields. */
    public Answer multipart(String path, java.util.List<Part> parts, Map<String, String> fields) {
        return send(multipartRequest(path, parts, fields));
    }

    /** Posts file parts as multipart/form-data and returns the answer's raw bytes (an image), checked to be 200. */
    public byte[] multipartBytes(String path, java.util.List<Part> parts) {
        return bytes(multipartRequest(path, parts, Map.of()));
    }

    private HttpRequest multipartRequest(String path, java.util.List<Part> parts, Map<String, String> fields) {
        String boundary = "kiln-" + UUID.randomUUID();
        var body = new ByteArrayOutputStream();
        fields.forEach((name, value) -> write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\""
                + name + "\"\r\n\r\n" + value + "\r\n"));
        for (Part part : parts) {
            write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + part.name()
                    + "\"; filename=\"" + part.fileName() + "\"\r\nContent-Type: application/octet-stream\r\n\r\n");
            body.writeBytes(part.content());
            write(body, "\r\n");
        }
        write(body, "--" + boundary + "--\r\n");
        return HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
    }

    /** GETs raw bytes (an image, an archive). */
    public byte[] bytes(String path) {
        return bytes(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    /** Sends {@code request} and returns the answer's raw bytes, checked to be 200. */
    private byte[] bytes(HttpRequest request) {
        try {
            HttpResponse<byte[]> response = CLIENT.send(authorized(request), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).isEqualTo(200);
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Uploads {@code content} as the multipart part {@code file} to {@code path}. */
    public Answer uploadTo(String path, String fileName, byte[] content) {
        String boundary = "kiln-" + UUID.randomUUID();
        var body = new ByteArrayOutputStream();
        write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n");
        body.writeBytes(content);
        write(body, "\r\n--" + boundary + "--\r\n");
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build());
    }

    public String base() {
        return base;
    }

    public String uploadId(String resource) {
        Answer answer = upload(resource);
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.id();
    }

    public String createModel(String json) {
        Answer answer = postJson("/api/v1/models", json);
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.id();
    }

    public String submitRun(String json) {
        Answer answer = postJson("/api/v1/runs", json);
        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        return answer.id();
    }

    /** Waits until the run reaches one of {@code statuses} and returns it. */
    public JsonNode awaitRun(String runId, Duration limit, String... statuses) {
        Set<String> wanted = Set.of(statuses);
        JsonNode[] last = new JsonNode[1];
        await().atMost(limit).pollInterval(Duration.ofMillis(200)).until(() -> {
            last[0] = get("/api/v1/runs/" + runId).json();
            return wanted.contains(last[0].get("status").asString());
        });
        return last[0];
    }

    /** Waits until the run is finished (SUCCEEDED, FAILED or CANCELLED). */
    /** Submits a run of {@code model} (Kiln JSON) on a dataset, waits for it and checks it SUCCEEDED; its id. */
    public String trainedRun(String datasetId, String target, String model, String hyperparameters) {
        String run = submitRun("""
                {"datasetId": "%s", "modelId": "%s", "target": "%s", "hyperparameters": %s}"""
                .formatted(datasetId, createModel(model), target, hyperparameters));
        JsonNode done = awaitFinished(run);
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        return run;
    }

    public JsonNode awaitFinished(String runId) {
        return awaitRun(runId, Duration.ofMinutes(3), "SUCCEEDED", "FAILED", "CANCELLED");
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    private HttpRequest authorized(HttpRequest request) {
        if (key == null || request.headers().firstValue("Authorization").isPresent()) {
            return request;
        }
        return HttpRequest.newBuilder(request, (name, value) -> true).header("Authorization", "Bearer " + key).build();
    }

    public URI uri(String path) {
        return URI.create(base + path);
    }

    /** Sends {@code request} as it is, adding only this client's key. */
    public Answer send(HttpRequest request) {
        try {
            HttpResponse<String> response = CLIENT.send(authorized(request), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
