package dev.kiln.feature;

import org.jspecify.annotations.Nullable;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * How an image run's pixels become network inputs: images of {@code channels × height × width}, unsigned bytes
 * scaled to [0, 1], then — when {@code mean} and {@code std} are set (fitted per channel on the training split) —
 * standardized per channel.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImageInput(int channels, int height, int width, @Nullable List<Double> mean, @Nullable List<Double> std) {

    @JsonIgnore
    public int size() {
        return channels * height * width;
    }

    @JsonIgnore
    public int[] shape() {
        return new int[] {channels, height, width};
    }

    @JsonIgnore
    public boolean normalized() {
        return mean != null && std != null;
    }

    /** Inputs for the network: each image's bytes scaled (and standardized), row-major, as floats. */
    public float[] encode(byte[] pixels, int images) {
        float[] x = new float[images * size()];
        int plane = height * width;
        for (int i = 0; i < x.length; i++) {
            float v = (pixels[i] & 0xff) / 255f;
            if (normalized()) {
                int c = (i / plane) % channels;
                v = (float) ((v - mean.get(c)) / std.get(c));
            }
            x[i] = v;
        }
        return x;
    }

    /** Fits per-channel mean and std of the scaled pixels of {@code rows} (images of this shape in {@code pixels}). */
    public ImageInput fitted(byte[] pixels, int[] rows) {
        int plane = height * width;
        double[] sums = new double[channels];
        double[] squares = new double[channels];
        for (int row : rows) {
            int base = row * size();
            for (int c = 0; c < channels; c++) {
                long sum = 0;
                long square = 0;
                for (int i = base + c * plane, end = i + plane; i < end; i++) {
                    int v = pixels[i] & 0xff;
                    sum += v;
                    square += v * v;
                }
                sums[c] += sum;
                squares[c] += square;
            }
        }
        double n = (double) rows.length * plane;
        Double[] mean = new Double[channels];
        Double[] std = new Double[channels];
        for (int c = 0; c < channels; c++) {
            double m = sums[c] / n;
            double variance = Math.max(0, squares[c] / n - m * m);
            mean[c] = m / 255;
            std[c] = Math.max(Math.sqrt(variance) / 255, 1e-3);
        }
        return new ImageInput(channels, height, width, List.of(mean), List.of(std));
    }
}
