package dev.kiln.feature;

/**
 * Rows ready for a network: {@code features} row-major ({@code rows × width}); {@code targets} one per row,
 * a class index or a standardised value.
 */
public record EncodedRows(float[] features, float[] targets, int rows, int width) {}
