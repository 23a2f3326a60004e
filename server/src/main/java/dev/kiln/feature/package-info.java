/**
 * Preprocessing: how a run turns table columns into the numbers a network trains on. A
 * {@link FeaturePipeline} is fitted on the training split only, stored with the run, and applied unchanged to
 * validation, test and (later) prediction data. Also the seeded, stratified {@link DataSplit}. No DJL here.
 */
package dev.kiln.feature;
