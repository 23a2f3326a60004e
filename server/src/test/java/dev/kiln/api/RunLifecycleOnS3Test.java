package dev.kiln.api;

import dev.kiln.support.OnS3;

/** The RunLifecycle contract with the blobs in an S3 bucket. */
class RunLifecycleOnS3Test extends OnS3 implements RunLifecycleContract {}
