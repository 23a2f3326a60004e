package dev.kiln.storage;

import java.io.IOException;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The blob store {@code kiln.storage.type} names: files under {@code kiln.storage.root}, or an S3 bucket. */
@Configuration
@EnableConfigurationProperties(StorageSettings.class)
class BlobStores {

    @Bean(destroyMethod = "close")
    BlobStore blobStore(StorageSettings settings) throws IOException {
        return switch (settings.type()) {
            case LOCAL -> new LocalBlobStore(settings.root());
            case S3 -> settings.cacheMaxSize().toBytes() > 0 ? new CachingBlobStore(S3BlobStore.connect(settings.s3()),
                    settings.root().resolve("cache"), settings.cacheMaxSize().toBytes())
                    : S3BlobStore.connect(settings.s3());
        };
    }
}
