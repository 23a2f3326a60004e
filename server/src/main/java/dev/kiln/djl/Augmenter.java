package dev.kiln.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.kiln.run.spec.Augmentation;
import java.util.Random;

/**
 * A run's augmentation applied to one training batch of images (float, (n, C, H, W), values in [0, 1]), on the
 * native side. Each image draws its own flips, shift and angle from {@code random}; the Java side only computes,
 * per image, where each output pixel comes from (n × H × W indices, shared by the channels), and one {@code take}
 * per corner gathers them — one for flips and shifts, four (bilinear) with rotation. Pixels that come from outside
 * the image are zero. Brightness and contrast follow Keras's RandomBrightness and RandomContrast, clipped to [0, 1].
 */
final class Augmenter {
    private final Augmentation spec;

    Augmenter(Augmentation spec) {
        this.spec = spec;
    }

    /** The augmentation, or null when there is none to apply. */
    static Augmenter of(Augmentation spec) {
        return spec == null || spec.isEmpty() ? null : new Augmenter(spec);
    }

    NDArray apply(NDArray batch, Random random) {
        Shape shape = batch.getShape();
        int n = (int) shape.get(0);
        NDManager scope = batch.getManager();
        NDArray x = batch;
        if (spec.isGeometric()) {
            x = geometric(x, n, (int) shape.get(1), (int) shape.get(2), (int) shape.get(3), random);
        }
        boolean tonal = false;
        if (spec.brightness() > 0) {
            x = x.add(scope.create(draws(n, -spec.brightness(), spec.brightness(), random),
                    new Shape(n, 1, 1, 1)));
            tonal = true;
        }
        if (spec.contrast() > 0) {
            int channels = (int) shape.get(1);
            NDArray mean = x.reshape(n, channels, -1).mean(new int[] {2}, true).reshape(n, channels, 1, 1);
            NDArray factor = scope.create(draws(n, 1 - spec.contrast(), 1 + spec.contrast(), random),
                    new Shape(n, 1, 1, 1));
            x = x.sub(mean).mul(factor).add(mean);
            tonal = true;
        }
        return tonal ? x.clip(0f, 1f) : x;
    }

    private static float[] draws(int n, double low, double high, Random random) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) (low + (high - low) * random.nextDouble());
        }
        return values;
    }

    /**
     * Flips, shift and rotation in one gather. For output pixel (y, x) of image i the source is found by undoing
     * the shift, then the rotation about the centre, then the flips.
     */
    private NDArray geometric(NDArray x, int n, int channels, int height, int width, Random random) {
        int plane = height * width;
        int padding = spec.cropPadding();
        double maxAngle = Math.toRadians(spec.rotation());
        boolean bilinear = maxAngle > 0;
        int corners = bilinear ? 4 : 1;
        long[][] index = new long[corners][n * plane];
        float[][] weight = bilinear ? new float[corners][n * plane] : null;
        double cy = (height - 1) / 2.0;
        double cx = (width - 1) / 2.0;
        for (int i = 0; i < n; i++) {
            boolean flipX = spec.horizontalFlip() && random.nextBoolean();
            boolean flipY = spec.verticalFlip() && random.nextBoolean();
            int dy = padding > 0 ? random.nextInt(2 * padding + 1) - padding : 0;
            int dx = padding > 0 ? random.nextInt(2 * padding + 1) - padding : 0;
            double angle = bilinear ? (2 * random.nextDouble() - 1) * maxAngle : 0;
            double cos = Math.cos(angle);
            double sin = Math.sin(angle);
            int base = i * plane;
            for (int y = 0; y < height; y++) {
                for (int xo = 0; xo < width; xo++) {
                    double sy = y + dy;
                    double sx = xo + dx;
                    if (bilinear) {
                        double ry = cy + (sy - cy) * cos - (sx - cx) * sin;
                        double rx = cx + (sy - cy) * sin + (sx - cx) * cos;
                        sy = ry;
                        sx = rx;
                    }
                    if (flipX) {
                        sx = width - 1 - sx;
                    }
                    if (flipY) {
                        sy = height - 1 - sy;
                    }
                    int at = base + y * width + xo;
                    if (!bilinear) {
                        index[0][at] = source((int) sy, (int) sx, height, width, plane);
                        continue;
                    }
                    int y0 = (int) Math.floor(sy);
                    int x0 = (int) Math.floor(sx);
                    double fy = sy - y0;
                    double fx = sx - x0;
                    index[0][at] = source(y0, x0, height, width, plane);
                    index[1][at] = source(y0, x0 + 1, height, width, plane);
                    index[2][at] = source(y0 + 1, x0, height, width, plane);
                    index[3][at] = source(y0 + 1, x0 + 1, height, width, plane);
                    weight[0][at] = (float) ((1 - fy) * (1 - fx));
                    weight[1][at] = (float) ((1 - fy) * fx);
                    weight[2][at] = (float) (fy * (1 - fx));
                    weight[3][at] = (float) (fy * fx);
                }
            }
        }
        NDManager scope = x.getManager();
        // one row per (image, channel) with a zero appended: index `plane` of a row is the zero
        NDArray rows = x.reshape(n * channels, plane).concat(scope.zeros(new Shape(n * channels, 1), DataType.FLOAT32), 1);
        NDArray offsets = scope.arange(0, n * channels, 1, DataType.INT64).mul((long) (plane + 1))
                .reshape(n, channels, 1);
        NDArray out = null;
        for (int k = 0; k < corners; k++) {
            NDArray at = offsets.add(scope.create(index[k], new Shape(n, 1, plane)));
            NDArray gathered = rows.take(scope, at);
            if (bilinear) {
                gathered = gathered.mul(scope.create(weight[k], new Shape(n, 1, plane)));
            }
            out = out == null ? gathered : out.add(gathered);
        }
        return out.reshape(n, channels, height, width);
    }

    /** The flat position of (y, x) in an image's row, or {@code plane} (the zero) when it lies outside. */
    private static long source(int y, int x, int height, int width, int plane) {
        return y < 0 || x < 0 || y >= height || x >= width ? plane : (long) y * width + x;
    }
}
