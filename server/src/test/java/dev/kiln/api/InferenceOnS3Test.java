package dev.kiln.api;

import dev.kiln.support.OnS3;

/** The Inference contract with the blobs in an S3 bucket. */
class InferenceOnS3Test extends OnS3 implements InferenceContract {}
