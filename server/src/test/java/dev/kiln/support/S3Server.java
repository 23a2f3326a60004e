package dev.kiln.support;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A real S3 server for the tests: S3Proxy (Apache 2.0) in this JVM on a free port, in memory or on a directory,
 * with one bucket. It accepts any credentials; Kiln's store takes them from the SDK's default chain, so the tests set
 * {@code aws.accessKeyId} and {@code aws.secretAccessKey} (and worker processes get them as environment variables).
 */
public final class S3Server implements AutoCloseable {
    public static final String ACCESS_KEY = "kiln-test";
    public static final String SECRET_KEY = "kiln-test-secret";

    private final S3Proxy proxy;
    private final URI endpoint;
    private final String bucket;
    private final S3Client client;

    private S3Server(S3Proxy proxy, URI endpoint, String bucket) {
        this.proxy = proxy;
        this.endpoint = endpoint;
        this.bucket = bucket;
        this.client = S3Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY,
                        SECRET_KEY))).build();
    }

    /** In memory, with bucket {@code bucket}. */
    public static S3Server start(String bucket) {
        return start(bucket, null);
    }

    /** On {@code directory} (null: in memory), with bucket {@code bucket}. */
    public static S3Server start(String bucket, Path directory) {
        System.setProperty("aws.accessKeyId", ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", SECRET_KEY);
        try {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            URI endpoint = URI.create("http://127.0.0.1:" + port);
            var store = directory == null ? new TransientNio2BlobStore()
                    : new FilesystemNio2BlobStore(directory.toString());
            S3Proxy proxy = S3Proxy.builder().blobStore(store).endpoint(endpoint)
                    .awsAuthentication(AuthenticationType.NONE, null, null).build();
            proxy.start();
            while (!proxy.getState().equals("STARTED")) {
                Thread.sleep(10);
            }
            S3Server server = new S3Server(proxy, endpoint, bucket);
            server.client.createBucket(b -> b.bucket(bucket));
            return server;
        } catch (Exception e) {
            throw new IllegalStateException("could not start S3Proxy", e);
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    public String bucket() {
        return bucket;
    }

    /** A client of the same bucket, to look at what Kiln stored. */
    public S3Client client() {
        return client;
    }

    /** Every key in the bucket under {@code prefix}. */
    public List<String> keys(String prefix) {
        return client.listObjectsV2Paginator(l -> l.bucket(bucket).prefix(prefix)).contents().stream()
                .map(S3Object::key).toList();
    }

    /** The Kiln settings that point a Kiln at this bucket under {@code prefix}. */
    public List<String> settings(String prefix) {
        return List.of("kiln.storage.type=s3", "kiln.storage.s3.endpoint=" + endpoint, "kiln.storage.s3.bucket="
                + bucket, "kiln.storage.s3.prefix=" + prefix, "kiln.storage.s3.path-style-access=true");
    }

    public void stop() throws Exception {
        proxy.stop();
    }

    @Override
    public void close() throws Exception {
        client.close();
        proxy.stop();
    }
}
