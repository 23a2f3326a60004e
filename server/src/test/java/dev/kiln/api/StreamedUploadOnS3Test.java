package dev.kiln.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kiln.support.KilnHttp;
import dev.kiln.support.OnS3;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

/**
 * A dataset upload goes to the bucket while it is being sent: parts of the multipart upload land in S3 before the
 * client has sent its last byte, and nothing is spooled to the servlet's temporary directory or the local one.
 */
class StreamedUploadOnS3Test extends OnS3 {
    private static final Path SPOOL = temporaryDirectory("kiln-multipart-");
    private static final int ROWS = 1_200_000;

    @DynamicPropertySource
    static void largeUploads(DynamicPropertyRegistry registry) {
        registry.add("kiln.datasets.max-upload-size", () -> "64MB");
        registry.add("spring.servlet.multipart.location", SPOOL::toString);
    }

    @Test
    void aLargeCsvReachesTheBucketWhileItIsSentAndNothingIsSpooled() throws Exception {
        var gate = new CountDownLatch(1);
        var body = new GatedCsv(ROWS, ROWS * 3 / 4, gate);
        String boundary = "kiln-streamed";
        HttpRequest request = HttpRequest.newBuilder(http.uri("/api/v1/datasets"))
                .header("Authorization", "Bearer " + http.key())
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> body.framed(boundary))).build();
        CompletableFuture<HttpResponse<String>> answer = HttpClient.newHttpClient().sendAsync(request,
                HttpResponse.BodyHandlers.ofString());

        await().atMost(Duration.ofMinutes(1)).until(body::gateReached);
        List<MultipartUpload> uploads = await().atMost(Duration.ofSeconds(30)).until(this::datasetUploadsInProgress,
                u -> !u.isEmpty() && partsOf(u.get(0)) >= 2);
        int partsSoFar = partsOf(uploads.get(0));
        List<String> spooled = files(SPOOL);
        List<String> local = files(storageRoot());
        gate.countDown();
        HttpResponse<String> response = answer.get(2, TimeUnit.MINUTES);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(partsSoFar).as("5 MB parts already in the bucket with a quarter of the body unsent")
                .isGreaterThanOrEqualTo(2);
        assertThat(spooled).as("the servlet's multipart directory").isEmpty();
        assertThat(local).as("the local directory holds the database and the admin key, no part of the upload")
                .allMatch(p -> p.startsWith("db/") || p.equals("admin.key") || p.startsWith("cache/"));
        var dataset = KilnHttp.json(response.body());
        assertThat(dataset.get("rows").asLong()).isEqualTo(ROWS);
        assertThat(dataset.get("name").asString()).isEqualTo("streamed");
        assertThat(dataset.get("sizeBytes").asLong()).isEqualTo(body.csvBytes());
        assertThat(s3().keys("kiln/datasets/" + dataset.get("id").asString() + "/"))
                .anyMatch(k -> k.endsWith("/data.csv")).anyMatch(k -> k.endsWith("/table.bin"));
        assertThat(datasetUploadsInProgress()).as("no multipart upload left open").isEmpty();
        System.out.printf("Streamed upload: %d of the CSV's %d bytes sent, %d parts already in the bucket%n",
                body.gateBytes(), body.csvBytes(), partsSoFar);
    }

    private List<MultipartUpload> datasetUploadsInProgress() {
        return s3().client().listMultipartUploads(l -> l.bucket(s3().bucket()).prefix("kiln/datasets/")).uploads();
    }

    private static int partsOf(MultipartUpload upload) {
        return s3().client().listParts(l -> l.bucket(s3().bucket()).key(upload.key()).uploadId(upload.uploadId()))
                .parts().size();
    }

    private static List<String> files(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).toList();
        }
    }

    /**
     * A multipart body with a generated CSV of {@code rows} rows of four columns, which stops after {@code gateRow}
     * rows until the gate opens.
     */
    private static final class GatedCsv {
        private final int rows;
        private final int gateRow;
        private final CountDownLatch gate;
        private volatile boolean gateReached;
        private volatile long gateBytes;

        GatedCsv(int rows, int gateRow, CountDownLatch gate) {
            this.rows = rows;
            this.gateRow = gateRow;
            this.gate = gate;
        }

        boolean gateReached() {
            return gateReached;
        }

        long gateBytes() {
            return gateBytes;
        }

        static byte[] header() {
            return "x1,x2,x3,label\n".getBytes(StandardCharsets.US_ASCII);
        }

        static byte[] row(int i) {
            return (i % 97 + "," + (i * 7) % 1013 + "," + (i % 13) * 0.25 + "," + (i % 3 == 0 ? "yes" : "no") + "\n")
                    .getBytes(StandardCharsets.US_ASCII);
        }

        long csvBytes() {
            long n = header().length;
            for (int i = 0; i < rows; i++) {
                n += row(i).length;
            }
            return n;
        }

        InputStream framed(String boundary) {
            byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; "
                    + "filename=\"streamed.csv\"\r\nContent-Type: text/csv\r\n\r\n").getBytes(StandardCharsets.UTF_8);
            byte[] tail = ("\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nstreamed"
                    + "\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
            return new InputStream() {
                private byte[] chunk = concat(head, header());
                private int at;
                private int row;
                private long sent;
                private boolean ended;

                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    while (at == chunk.length) {
                        if (!next()) {
                            return -1;
                        }
                    }
                    int n = Math.min(len, chunk.length - at);
                    System.arraycopy(chunk, at, b, off, n);
                    at += n;
                    return n;
                }

                private boolean next() throws IOException {
                    if (row == rows) {
                        if (ended) {
                            return false;
                        }
                        ended = true;
                        chunk = tail;
                        at = 0;
                        return true;
                    }
                    if (row == gateRow) {
                        gateBytes = sent;
                        gateReached = true;
                        try {
                            if (!gate.await(2, TimeUnit.MINUTES)) {
                                throw new IOException("the test did not open the gate");
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new IOException(e);
                        }
                    }
                    var out = new java.io.ByteArrayOutputStream(1 << 16);
                    for (int end = Math.min(rows, row < gateRow ? gateRow : rows); row < end && out.size() < 60_000;
                         row++) {
                        out.writeBytes(row(row));
                    }
                    chunk = out.toByteArray();
                    sent += chunk.length;
                    at = 0;
                    return true;
                }
            };
        }

        private static byte[] concat(byte[] a, byte[] b) {
            byte[] all = new byte[a.length + b.length];
            System.arraycopy(a, 0, all, 0, a.length);
            System.arraycopy(b, 0, all, a.length, b.length);
            return all;
        }
    }
}
