package dev.kiln.djl;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;

/** Runs two contenders alternately and prints their medians and ratio on one summary line. */
final class Bench {
    private Bench() {}

    /** {@code repetitions} alternating measurements after one warm-up each; returns the median ratio a / b. */
    static double compare(String name, int repetitions, String a, DoubleSupplier measureA, String b,
                          DoubleSupplier measureB) {
        measureA.getAsDouble();
        measureB.getAsDouble();
        List<Double> as = new ArrayList<>();
        List<Double> bs = new ArrayList<>();
        for (int i = 0; i < repetitions; i++) {
            as.add(measureA.getAsDouble());
            bs.add(measureB.getAsDouble());
        }
        double ma = Medians.median(as);
        double mb = Medians.median(bs);
        System.out.printf("  %s samples/s %s%n  %s samples/s %s%n", a, Medians.format(as), b, Medians.format(bs));
        System.out.printf("SUMMARY %s: %s %.0f samples/s, %s %.0f samples/s, ratio %.2f (medians of %d, alternating)%n",
                name, a, ma, b, mb, ma / mb, repetitions);
        return ma / mb;
    }
}
