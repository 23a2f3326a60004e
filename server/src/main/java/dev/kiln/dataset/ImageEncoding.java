package dev.kiln.dataset;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;

/** Stored images back to PNG: one channel as 8-bit gray (values unchanged), three as 8-bit RGB. */
final class ImageEncoding {
    private ImageEncoding() {}

    static byte[] png(byte[] image, ImageShape shape) throws IOException {
        int width = shape.width();
        int height = shape.height();
        int plane = width * height;
        BufferedImage out;
        if (shape.channels() == 1) {
            out = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
            WritableRaster raster = out.getRaster();
            int[] samples = new int[plane];
            for (int i = 0; i < plane; i++) {
                samples[i] = image[i] & 0xff;
            }
            raster.setSamples(0, 0, width, height, 0, samples);
        } else {
            out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            int[] rgb = new int[plane];
            for (int i = 0; i < plane; i++) {
                rgb[i] = (image[i] & 0xff) << 16 | (image[plane + i] & 0xff) << 8 | image[2 * plane + i] & 0xff;
            }
            out.setRGB(0, 0, width, height, rgb, 0, width);
        }
        var bytes = new ByteArrayOutputStream();
        ImageIO.write(out, "png", bytes);
        return bytes.toByteArray();
    }
}
