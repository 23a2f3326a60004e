package dev.kiln.scale;

import java.util.Random;

/** A CSV big enough that an epoch takes about a second: rows × 5 noisy features and a 0/1 label. */
final class SyntheticData {
    private SyntheticData() {}

    static byte[] csv(int rows, long seed) {
        Random random = new Random(seed);
        StringBuilder csv = new StringBuilder("a,b,c,d,e,label\n");
        for (int r = 0; r < rows; r++) {
            double score = 0;
            for (int c = 0; c < 5; c++) {
                double v = Math.round(random.nextGaussian() * 1000) / 1000.0;
                score += v * (c + 1);
                csv.append(v).append(',');
            }
            csv.append(score + random.nextGaussian() > 0 ? 1 : 0).append('\n');
        }
        return csv.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
