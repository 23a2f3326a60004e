package dev.kiln.support;

import java.nio.file.Path;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Kiln with its blobs in an S3 bucket (S3Proxy in this JVM, under the prefix {@code kiln/}) and its database on H2;
 * the local directory then holds the database and the admin key, and no blob.
 */
public abstract class OnS3 extends KilnServer {
    private static final Path FILES = temporaryDirectory("kiln-s3-");
    private static S3Server server;

    public static synchronized S3Server s3() {
        if (server == null) {
            server = S3Server.start("kiln-test");
        }
        return server;
    }

    @DynamicPropertySource
    static void bucket(DynamicPropertyRegistry registry) {
        registry.add("kiln.storage.root", FILES::toString);
        registry.add("kiln.storage.type", () -> "s3");
        registry.add("kiln.storage.s3.endpoint", () -> s3().endpoint().toString());
        registry.add("kiln.storage.s3.bucket", () -> s3().bucket());
        registry.add("kiln.storage.s3.prefix", () -> "kiln/");
        registry.add("kiln.storage.s3.path-style-access", () -> "true");
        registry.add("kiln.storage.s3.part-size", () -> "5MB");
    }
}
