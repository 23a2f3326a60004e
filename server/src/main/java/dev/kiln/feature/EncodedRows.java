package dev.kiln.feature;

/**
 * Rows ready for a network: {@code features} row-major ({@code rows × width}); {@code targets} one per row,
 * a class index or a standardised value. Images are kept as their unsigned bytes instead ({@code pixels},
 * {@code rows × width} with width = channels × height × width, {@code features} null): the engine scales them
 * batch by batch.
 */
public record EncodedRows(float[] features, float[] targets, int rows, int width, byte[] pixels) {

    public EncodedRows(float[] features, float[] targets, int rows, int width) {
        this(features, targets, rows, width, null);
    }

    public static EncodedRows images(byte[] pixels, float[] targets, int rows, int width) {
        return new EncodedRows(null, targets, rows, width, pixels);
    }

    public boolean isImages() {
        return pixels != null;
    }
}
