package dev.kiln.storage;

import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * An object being written: bytes gather in a buffer that grows up to one part; a full buffer becomes a part of a
 * multipart upload, started on the first; {@link #finish} sends what is left (one PUT when it all fit in a part) and
 * completes the upload. Closed without finishing — the writer failed — it aborts the upload, so nothing appears under the key.
 */
final class S3Upload extends OutputStream {
    private final S3Client s3;
    private final String bucket;
    private final String key;
    private final int partSize;
    private byte[] buffer;
    private final MessageDigest digest = Sha256.newDigest();
    private final List<CompletedPart> parts = new ArrayList<>();
    private int filled;
    private long size;
    private String uploadId;
    private boolean finished;
    private String sha256;

    S3Upload(S3Client s3, String bucket, String key, int partSize) {
        this.s3 = s3;
        this.bucket = bucket;
        this.key = key;
        this.partSize = partSize;
        this.buffer = new byte[Math.min(partSize, 64 << 10)];
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        digest.update(bytes, offset, length);
        size += length;
        while (length > 0) {
            if (filled == buffer.length && buffer.length < partSize) { // grown as needed: a small checkpoint's is small
                buffer = java.util.Arrays.copyOf(buffer, (int) Math.min(partSize, 2L * buffer.length));
            }
            int n = Math.min(length, buffer.length - filled);
            System.arraycopy(bytes, offset, buffer, filled, n);
            filled += n;
            offset += n;
            length -= n;
            if (filled == partSize) {
                sendPart();
            }
        }
    }

    private void sendPart() {
        if (uploadId == null) {
            uploadId = s3.createMultipartUpload(c -> c.bucket(bucket).key(key)).uploadId();
        }
        int number = parts.size() + 1;
        String etag = s3.uploadPart(u -> u.bucket(bucket).key(key).uploadId(uploadId).partNumber(number)
                .contentLength((long) filled), filledBody()).eTag();
        parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
        filled = 0;
    }

    /** The buffer's bytes as a request body, read in place (a retry reads them again) rather than copied. */
    private RequestBody filledBody() {
        byte[] bytes = buffer;
        int length = filled;
        return RequestBody.fromContentProvider(() -> new java.io.ByteArrayInputStream(bytes, 0, length), length,
                "application/octet-stream");
    }

    /** Sends the rest and makes the object visible. */
    void finish() {
        if (uploadId == null) {
            s3.putObject(p -> p.bucket(bucket).key(key).contentLength((long) filled), filledBody());
        } else {
            if (filled > 0) {
                sendPart();
            }
            s3.completeMultipartUpload(c -> c.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build()));
        }
        finished = true;
        sha256 = Sha256.hex(digest);
    }

    long size() {
        return size;
    }

    String sha256() {
        return sha256;
    }

    @Override
    public void close() {
        if (!finished && uploadId != null) {
            try {
                s3.abortMultipartUpload(a -> a.bucket(bucket).key(key).uploadId(uploadId));
            } catch (RuntimeException e) {
                // the bucket's lifecycle rule for incomplete uploads removes it; nothing is visible under the key
            }
        }
    }
}
