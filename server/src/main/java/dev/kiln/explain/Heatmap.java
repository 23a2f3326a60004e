package dev.kiln.explain;

import dev.kiln.feature.ImageInput;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * An image's attribution map drawn over it as a PNG: the image in grey, pixels that raised the attributed value in
 * red and those that lowered it in blue, each as strong as its share of the largest attribution; enlarged (nearest
 * neighbour) so that a small image is at least 224 pixels wide.
 */
final class Heatmap {
    private static final int MIN_SIZE = 224;

    private Heatmap() {}

    /** The PNG of image {@code index} of {@code pixels} (stored at the model's shape) with {@code map} over it. */
    static byte[] png(ImageInput input, byte[] pixels, int index, float[][] map) {
        int height = input.height();
        int width = input.width();
        int zoom = Math.max(1, (MIN_SIZE + Math.max(height, width) - 1) / Math.max(height, width));
        float largest = 0;
        for (float[] row : map) {
            for (float v : row) {
                largest = Math.max(largest, Math.abs(v));
            }
        }
        BufferedImage image = new BufferedImage(width * zoom, height * zoom, BufferedImage.TYPE_INT_RGB);
        int plane = height * width;
        int base = index * input.size();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int grey = 0;
                for (int c = 0; c < input.channels(); c++) {
                    grey += pixels[base + c * plane + y * width + x] & 0xff;
                }
                grey = (int) (grey / input.channels() * 0.6); // dimmed, so that the colours stand out
                float share = largest == 0 ? 0 : map[y][x] / largest;
                float strength = Math.min(1f, Math.abs(share));
                int red = grey;
                int green = grey;
                int blue = grey;
                if (share > 0) {
                    red = Math.round(grey + (255 - grey) * strength);
                    green = Math.round(grey * (1 - strength));
                    blue = green;
                } else if (share < 0) {
                    blue = Math.round(grey + (255 - grey) * strength);
                    red = Math.round(grey * (1 - strength));
                    green = red;
                }
                int rgb = red << 16 | green << 8 | blue;
                for (int dy = 0; dy < zoom; dy++) {
                    for (int dx = 0; dx < zoom; dx++) {
                        image.setRGB(x * zoom + dx, y * zoom + dy, rgb);
                    }
                }
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
