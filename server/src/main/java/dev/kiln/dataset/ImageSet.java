package dev.kiln.dataset;

import java.util.List;

/**
 * An image dataset in training-ready form: {@code count} images of {@code shape}, one after another, in one
 * byte array (NCHW, unsigned 8-bit); each image's class index; the class names; and where each image came from.
 */
public record ImageSet(ImageShape shape, byte[] pixels, int[] labels, List<String> classes, List<String> sources) {

    public int count() {
        return labels.length;
    }

    /** The file an image came from (a path in the archive), or its position in an IDX file. */
    public String source(int index) {
        return sources.isEmpty() ? "#" + index : sources.get(index);
    }
}
