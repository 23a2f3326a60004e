package dev.kiln.storage;

import java.net.URI;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Where blobs live.
 *
 * @param root the local directory: every blob with the local store (instances that share work then mount the same
 *     directory), and with the default H2 database the database file and the admin key
 * @param type {@code local} (files under root) or {@code s3} (an S3-compatible bucket; see {@link S3})
 * @param s3 the bucket, with {@code type=s3}
 * @param cacheMaxSize with {@code type=s3}: the bytes of verified blobs (tables, images, checkpoints) an instance
 *     keeps local copies of under {@code root/cache} (Caffeine evicts by recency and frequency); 0 turns it off
 */
@Validated
@ConfigurationProperties("kiln.storage")
public record StorageSettings(@DefaultValue("./kiln-data") Path root, @DefaultValue("local") Type type,
                              @DefaultValue S3 s3, @DefaultValue("2GB") DataSize cacheMaxSize) {

    public enum Type { LOCAL, S3 }

    /**
     * An S3-compatible bucket. Credentials come from the AWS SDK's default chain (AWS_ACCESS_KEY_ID and
     * AWS_SECRET_ACCESS_KEY, a profile, an instance role) and are never logged.
     *
     * @param endpoint the service's URL (MinIO, S3Proxy, another region's endpoint); AWS's own when absent
     * @param region the signing region
     * @param bucket the bucket; it must exist (Kiln refuses to start otherwise, naming it)
     * @param prefix a key prefix, so that several Kilns (or other data) can share a bucket
     * @param pathStyleAccess address the bucket in the path (MinIO, S3Proxy) rather than the host name
     * @param partSize the size of a multipart upload's parts, and so the memory an upload holds at once
     */
    public record S3(@Nullable URI endpoint, @DefaultValue("us-east-1") String region, @Nullable String bucket,
                     @DefaultValue("") String prefix, @DefaultValue("false") boolean pathStyleAccess,
                     @DefaultValue("8MB") DataSize partSize) {}
}
