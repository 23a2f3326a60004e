package dev.kiln.dataset;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes PNG, JPEG, BMP and GIF (first frame) with the JDK's ImageIO, entirely in memory (ImageIO's disk cache
 * is off). Gray images keep their exact sample values (a linear-gray image read through {@code getRGB} would be
 * gamma-shifted); color images are read as sRGB. Converting to one channel uses PIL's luminance weights and
 * resizing is bilinear with half-pixel centres, as Keras's {@code load_img} / {@code resize} do. A header
 * claiming more than the allowed pixels is refused before anything is decoded, and a decoder warning (a
 * truncated JPEG decodes with a gray tail and a warning) makes the image unreadable.
 */
final class ImageDecoder {
    static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "gif");

    static {
        ImageIO.setUseCache(false);
    }

    private ImageDecoder() {}

    /** What a header says: the size and whether the image has one (gray) channel. */
    record Header(int width, int height, boolean gray) {}

    /** Decoded samples: {@code channels} planes (1 gray, 3 red/green/blue) of height × width bytes. */
    record Decoded(int channels, int height, int width, byte[] samples) {}

    /** Why an image cannot be used; the message is for the dataset's profile. */
    static final class Unreadable extends Exception {
        Unreadable(String reason) {
            super(reason, null, false, false);
        }
    }

    static Header probe(byte[] bytes, long maxPixels) throws Unreadable {
        return read(bytes, maxPixels, false).header();
    }

    static Decoded decode(byte[] bytes, long maxPixels) throws Unreadable {
        return read(bytes, maxPixels, true).decoded();
    }

    private record Read(Header header, Decoded decoded) {}

    private static Read read(byte[] bytes, long maxPixels, boolean decode) throws Unreadable {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new Unreadable("not a PNG, JPEG, BMP or GIF image");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if (width < 1 || height < 1) {
                    throw new Unreadable("the image has no pixels");
                }
                if ((long) width * height > maxPixels) {
                    throw new Unreadable("the image is " + width + "x" + height + ", more than the "
                            + maxPixels + " pixels allowed per image (kiln.datasets.images.max-pixels-per-image)");
                }
                if (!decode) {
                    return new Read(new Header(width, height, isGray(reader)), null);
                }
                List<String> warnings = new ArrayList<>();
                reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                BufferedImage image = reader.read(0);
                if (!warnings.isEmpty()) {
                    throw new Unreadable("damaged image (" + warnings.get(0) + ")");
                }
                return new Read(null, samples(image));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw new Unreadable("unreadable " + format(bytes) + " (" + reason(e) + ")");
        }
    }

    private static boolean isGray(ImageReader reader) throws IOException {
        ImageTypeSpecifier type = reader.getRawImageType(0);
        if (type == null) {
            Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
            type = types.hasNext() ? types.next() : null;
        }
        return type != null && isGray(type.getColorModel());
    }

    private static boolean isGray(ColorModel model) {
        if (model instanceof IndexColorModel palette) {
            for (int i = 0; i < palette.getMapSize(); i++) {
                if (palette.getRed(i) != palette.getGreen(i) || palette.getGreen(i) != palette.getBlue(i)) {
                    return false;
                }
            }
            return true;
        }
        return model.getColorSpace().getType() == ColorSpace.TYPE_GRAY;
    }

    private static Decoded samples(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        ColorModel model = image.getColorModel();
        if (!(model instanceof IndexColorModel) && model.getColorSpace().getType() == ColorSpace.TYPE_GRAY) {
            int bits = model.getComponentSize(0);
            int[] raw = image.getRaster().getSamples(0, 0, width, height, 0, (int[]) null);
            byte[] gray = new byte[raw.length];
            double max = (1L << bits) - 1;
            for (int i = 0; i < raw.length; i++) {
                gray[i] = (byte) (bits == 8 ? raw[i] : (int) Math.round(raw[i] * 255 / max));
            }
            return new Decoded(1, height, width, gray);
        }
        int[] argb = image.getRGB(0, 0, width, height, null, 0, width);
        int plane = width * height;
        byte[] rgb = new byte[3 * plane];
        for (int i = 0; i < plane; i++) {
            rgb[i] = (byte) (argb[i] >> 16);
            rgb[plane + i] = (byte) (argb[i] >> 8);
            rgb[2 * plane + i] = (byte) argb[i];
        }
        return new Decoded(3, height, width, rgb);
    }

    /** The image in {@code shape}: converted to its channels, then resized. */
    static byte[] toShape(Decoded image, ImageShape shape) {
        byte[] converted = convert(image.samples(), image.channels(), shape.channels(), image.height() * image.width());
        return resize(converted, shape.channels(), image.height(), image.width(), shape.height(), shape.width());
    }

    /** Gray to RGB repeats the plane; RGB to gray is PIL's {@code L = (19595 R + 38470 G + 7471 B + 2^15) >> 16}. */
    static byte[] convert(byte[] samples, int from, int to, int plane) {
        if (from == to) {
            return samples;
        }
        byte[] out = new byte[to * plane];
        if (from == 1) {
            for (int c = 0; c < to; c++) {
                System.arraycopy(samples, 0, out, c * plane, plane);
            }
            return out;
        }
        for (int i = 0; i < plane; i++) {
            int r = samples[i] & 0xff;
            int g = samples[plane + i] & 0xff;
            int b = samples[2 * plane + i] & 0xff;
            out[i] = (byte) ((r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16);
        }
        return out;
    }

    /** Bilinear resampling of every plane with half-pixel centres (no antialiasing, as Keras's default). */
    static byte[] resize(byte[] samples, int channels, int height, int width, int toHeight, int toWidth) {
        if (height == toHeight && width == toWidth) {
            return samples;
        }
        byte[] out = new byte[channels * toHeight * toWidth];
        double scaleY = (double) height / toHeight;
        double scaleX = (double) width / toWidth;
        int[] x0 = new int[toWidth];
        int[] x1 = new int[toWidth];
        double[] dx = new double[toWidth];
        for (int x = 0; x < toWidth; x++) {
            double fx = Math.min(Math.max((x + 0.5) * scaleX - 0.5, 0), width - 1);
            x0[x] = (int) fx;
            x1[x] = Math.min(x0[x] + 1, width - 1);
            dx[x] = fx - x0[x];
        }
        for (int c = 0; c < channels; c++) {
            int in = c * height * width;
            int at = c * toHeight * toWidth;
            for (int y = 0; y < toHeight; y++) {
                double fy = Math.min(Math.max((y + 0.5) * scaleY - 0.5, 0), height - 1);
                int y0 = (int) fy;
                int y1 = Math.min(y0 + 1, height - 1);
                double dy = fy - y0;
                for (int x = 0; x < toWidth; x++) {
                    double top = (samples[in + y0 * width + x0[x]] & 0xff) * (1 - dx[x])
                            + (samples[in + y0 * width + x1[x]] & 0xff) * dx[x];
                    double bottom = (samples[in + y1 * width + x0[x]] & 0xff) * (1 - dx[x])
                            + (samples[in + y1 * width + x1[x]] & 0xff) * dx[x];
                    out[at + y * toWidth + x] = (byte) Math.round(top * (1 - dy) + bottom * dy);
                }
            }
        }
        return out;
    }

    private static String format(byte[] bytes) {
        if (bytes.length >= 4 && (bytes[0] & 0xff) == 0x89 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G') {
            return "PNG";
        }
        if (bytes.length >= 2 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xd8) {
            return "JPEG";
        }
        if (bytes.length >= 3 && bytes[0] == 'G' && bytes[1] == 'I' && bytes[2] == 'F') {
            return "GIF";
        }
        if (bytes.length >= 2 && bytes[0] == 'B' && bytes[1] == 'M') {
            return "BMP";
        }
        return "image";
    }

    private static String reason(Exception e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        if (root instanceof java.io.EOFException || message.toLowerCase(Locale.ROOT).contains("end of")) {
            return "truncated: " + message;
        }
        return message.length() > 200 ? message.substring(0, 200) + "…" : message;
    }

    static String extension(String name) {
        int dot = name.lastIndexOf('.');
        int slash = name.lastIndexOf('/');
        return dot > slash && dot >= 0 ? name.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
    }
}
