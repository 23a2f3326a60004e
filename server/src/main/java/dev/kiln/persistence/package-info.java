/**
 * How modules keep structured values (profiles, model specs, hyperparameters, metrics) in one text column:
 * as JSON through {@link JsonColumn}, read leniently so that rows written by older versions keep loading.
 */
package dev.kiln.persistence;
