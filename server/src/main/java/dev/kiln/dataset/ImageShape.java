package dev.kiln.dataset;

/** The size every image of a dataset is stored at: channels × height × width (NCHW without N), 8 bits each. */
public record ImageShape(int channels, int height, int width) {

    public ColorMode colorMode() {
        return ColorMode.ofChannels(channels);
    }

    /** Bytes (and network inputs) per image. */
    public int size() {
        return channels * height * width;
    }

    public int[] dimensions() {
        return new int[] {channels, height, width};
    }

    @Override
    public String toString() {
        return channels + "×" + height + "×" + width;
    }
}
