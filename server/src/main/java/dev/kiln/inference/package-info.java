/**
 * Using trained models: predictions for rows sent over HTTP, batch scoring of a dataset, evaluation on new data,
 * the artifact (download and import) and a bounded cache of loaded networks. The entry point is
 * {@link Inference}; the {@link ModelRuntime} port is implemented by the {@code djl} module.
 */
package dev.kiln.inference;
