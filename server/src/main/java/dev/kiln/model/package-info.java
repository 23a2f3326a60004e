/**
 * Model definitions: Kiln's JSON layer lists ({@link ModelSpec}), validated on submit and stored unchanged.
 * The entry point is {@link ModelCatalog}. Input shapes come from the dataset a run trains on, so a definition
 * is independent of any dataset. No DJL here.
 */
package dev.kiln.model;
