/**
 * Datasets: the upload is streamed to the blob store (sha256 on the way), parsed as CSV and profiled;
 * datasets are immutable afterwards. The entry point is {@link DatasetCatalog}; training reads a dataset back
 * as a column-major {@link Table}. No DJL here.
 */
package dev.kiln.dataset;
