package dev.kiln.djl;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The HTTP calls the service benchmarks make against a Kiln on {@code localhost}; any status ≥ 300 fails. */
final class BenchHttp {
    private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final String authorization;

    /** Calls as the first admin, whose key Kiln writes to {@code admin.key} under its storage root on first start. */
    BenchHttp(int port, java.nio.file.Path storageRoot) {
        this.base = "http://localhost:" + port + "/api/v1";
        try {
            this.authorization = "Bearer " + java.nio.file.Files.readString(storageRoot.resolve("admin.key")).strip();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A file part of a multipart upload. */
    record Part(String name, String fileName, byte[] content) {}

    String multipart(String path, List<Part> parts) {
        String boundary = "bench-" + UUID.randomUUID();
        var body = new ByteArrayOutputStream();
        for (Part part : parts) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + part.name()
                    + "\"; filename=\"" + part.fileName() + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            body.writeBytes(part.content());
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", authorization)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build());
    }

    String sendJson(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", authorization).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** POSTs JSON and returns the id of what it created. */
    String post(String path, String json) {
        return id(sendJson(path, json));
    }

    /** Uploads an IDX pair {@code <split>-images-idx3-ubyte.gz} and its labels from {@code idx}; the dataset's id. */
    String uploadIdx(java.nio.file.Path idx, String split) throws IOException {
        java.nio.file.Path images = idx.resolve(split + "-images-idx3-ubyte.gz");
        java.nio.file.Path labels = idx.resolve(split + "-labels-idx1-ubyte.gz");
        return id(multipart("/datasets", List.of(
                new Part("images", images.getFileName().toString(), java.nio.file.Files.readAllBytes(images)),
                new Part("labels", labels.getFileName().toString(), java.nio.file.Files.readAllBytes(labels)))));
    }

    byte[] bytes(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", authorization)
                    .GET().build(), HttpResponse.BodyHandlers.ofByteArray()).body();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", authorization).GET().build());
    }

    /** Reads the event stream at {@code path} to its end on a thread of its own (as a dashboard would follow a run). */
    Thread follow(String path) {
        Thread reader = new Thread(() -> {
            try {
                http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", authorization)
                        .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.discarding());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "bench-events");
        reader.setDaemon(true);
        reader.start();
        return reader;
    }

    static String id(String body) {
        Matcher m = ID.matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("no id in " + body);
        }
        return m.group(1);
    }

    private String send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(response.statusCode() + " " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
