package dev.kiln.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Blobs as objects of an S3-compatible bucket, under {@code kiln.storage.s3.prefix}; see {@link BlobStore}. A write
 * streams through a buffer of one part ({@code partSize}): a blob of one part is one PUT, a larger one a multipart
 * upload, aborted if anything fails — S3 shows an object only once its upload completes, so a key never holds half a
 * blob. Reads are verified against the recorded sha256 like the local store's; random access (ZIP archives) reads
 * ranges.
 */
final class S3BlobStore implements BlobStore {
    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final int partSize;

    S3BlobStore(S3Client s3, String bucket, String prefix, int partSize) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
        this.partSize = partSize;
    }

    /** A store on the configured bucket, which must exist: otherwise Kiln does not start, and says which. */
    static S3BlobStore connect(StorageSettings.S3 settings) {
        if (settings.bucket() == null || settings.bucket().isBlank()) {
            throw new IllegalStateException("kiln.storage.type is s3 but kiln.storage.s3.bucket is not set");
        }
        var builder = S3Client.builder().region(Region.of(settings.region()))
                .forcePathStyle(settings.pathStyleAccess())
                // plain checksums: S3-compatible servers (MinIO, S3Proxy) do not all take the SDK's newer trailers
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        S3Client client = builder.build();
        try {
            client.headBucket(b -> b.bucket(settings.bucket()));
        } catch (NoSuchBucketException e) {
            client.close();
            throw new IllegalStateException("kiln.storage.s3.bucket: the bucket '" + settings.bucket()
                    + "' does not exist" + at(settings) + "; create it first", e);
        } catch (SdkException e) {
            client.close();
            throw new IllegalStateException("kiln.storage.s3.bucket: cannot reach the bucket '" + settings.bucket()
                    + "'" + at(settings) + ": " + e.getMessage(), e);
        }
        long part = Math.max(5L << 20, settings.partSize().toBytes());
        return new S3BlobStore(client, settings.bucket(), settings.prefix(), (int) Math.min(part, 512L << 20));
    }

    private static String at(StorageSettings.S3 settings) {
        return settings.endpoint() == null ? "" : " at " + settings.endpoint();
    }

    String objectKey(String key) {
        return prefix + BlobKeys.checked(key);
    }

    @Override
    public StoredBlob write(String key, InputStream content) throws IOException {
        return write(key, content::transferTo);
    }

    @Override
    public StoredBlob write(String key, BlobWriter writer) throws IOException {
        try (S3Upload upload = new S3Upload(s3, bucket, objectKey(key), partSize)) {
            writer.writeTo(upload);
            upload.finish();
            return new StoredBlob(key, upload.size(), upload.sha256());
        } catch (SdkException e) {
            throw new IOException("could not write blob " + key + " to bucket " + bucket + ": " + e.getMessage(), e);
        }
    }

    @Override
    public InputStream read(String key, String sha256) throws IOException {
        return new VerifyingInputStream(read(key), key, sha256);
    }

    @Override
    public InputStream read(String key) throws IOException {
        try {
            ResponseInputStream<GetObjectResponse> object = s3.getObject(GetObjectRequest.builder().bucket(bucket)
                    .key(objectKey(key)).build());
            return object;
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException("blob " + key + " does not exist");
        } catch (SdkException e) {
            throw new IOException("could not read blob " + key + " from bucket " + bucket + ": " + e.getMessage(), e);
        }
    }

    @Override
    public java.nio.channels.SeekableByteChannel openChannel(String key) throws IOException {
        long size;
        try {
            size = s3.headObject(h -> h.bucket(bucket).key(objectKey(key))).contentLength();
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException("blob " + key + " does not exist");
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw new NoSuchFileException("blob " + key + " does not exist");
            }
            throw new IOException("could not read blob " + key + ": " + e.getMessage(), e);
        }
        return new S3RangeChannel(s3, bucket, objectKey(key), size);
    }

    @Override
    public boolean exists(String key) {
        try {
            s3.headObject(h -> h.bucket(bucket).key(objectKey(key)));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public void delete(String key) throws IOException {
        try {
            s3.deleteObject(d -> d.bucket(bucket).key(objectKey(key)));
        } catch (SdkException e) {
            throw new IOException("could not delete blob " + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void deleteAll(String keyPrefix) throws IOException {
        String under = objectKey(keyPrefix) + "/";
        try {
            List<ObjectIdentifier> batch = new ArrayList<>();
            for (S3Object object : s3.listObjectsV2Paginator(l -> l.bucket(bucket).prefix(under)).contents()) {
                batch.add(ObjectIdentifier.builder().key(object.key()).build());
                if (batch.size() == 1000) {
                    deleteBatch(batch);
                }
            }
            deleteBatch(batch);
        } catch (SdkException e) {
            throw new IOException("could not delete the blobs under " + keyPrefix + ": " + e.getMessage(), e);
        }
    }

    private void deleteBatch(List<ObjectIdentifier> batch) {
        if (!batch.isEmpty()) {
            s3.deleteObjects(d -> d.bucket(bucket).delete(Delete.builder().objects(List.copyOf(batch)).quiet(true)
                    .build()));
            batch.clear();
        }
    }

    @Override
    public List<Listed> list(String keyPrefix) throws IOException {
        String under = prefix + keyPrefix;
        try {
            return s3.listObjectsV2Paginator(l -> l.bucket(bucket).prefix(under)).contents().stream()
                    .map(o -> new Listed(o.key().substring(prefix.length()), o.size(), o.lastModified())).toList();
        } catch (SdkException e) {
            throw new IOException("could not list the blobs under " + keyPrefix + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        s3.close();
    }
}
