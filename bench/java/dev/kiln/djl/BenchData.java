package dev.kiln.djl;

import dev.kiln.feature.EncodedRows;
import java.util.Random;

/** Synthetic benchmark data: a noisy linear rule over standard-normal features, labels 0/1. */
final class BenchData {
    private BenchData() {}

    static EncodedRows binary(int rows, int width, long seed) {
        Random random = new Random(seed);
        float[] weights = new float[width];
        for (int c = 0; c < width; c++) {
            weights[c] = (float) random.nextGaussian();
        }
        float[] x = new float[rows * width];
        float[] y = new float[rows];
        for (int r = 0; r < rows; r++) {
            double score = random.nextGaussian() * 0.5;
            for (int c = 0; c < width; c++) {
                float v = (float) random.nextGaussian();
                x[r * width + c] = v;
                score += v * weights[c];
            }
            y[r] = score > 0 ? 1f : 0f;
        }
        return new EncodedRows(x, y, rows, width);
    }
}
