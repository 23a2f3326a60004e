package dev.kiln.api;

import dev.kiln.support.OnS3;
import java.util.List;

/** The Images contract with the blobs in an S3 bucket (ZIP archives read by ranged GETs). */
class ImagesOnS3Test extends OnS3 implements ImagesContract {

    @Override
    public List<String> storedFiles(String datasetId) {
        return s3().keys("kiln/datasets/" + datasetId + "/").stream().map(k -> k.substring(k.lastIndexOf('/') + 1))
                .toList();
    }
}
