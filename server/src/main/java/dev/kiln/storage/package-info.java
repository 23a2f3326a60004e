/**
 * Files that outlive a request — uploaded datasets, checkpoints, trained models — behind one small
 * interface, {@link BlobStore}. The local-directory implementation serves one instance or several that
 * mount the same directory: writes are atomic (temporary file, then rename) and every read can be
 * verified against the sha256 recorded at write time.
 */
package dev.kiln.storage;
