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
        return compare(name, 1, repetitions, a, measureA, b, measureB);
    }

    /**
     * {@code repetitions} alternating measurements after {@code warmUps} of each (a service's first runs also compile
     * its HTTP, database and bookkeeping paths); returns the median ratio a / b.
     */
    static double compare(String name, int warmUps, int repetitions, String a, DoubleSupplier measureA, String b,
                          DoubleSupplier measureB) {
        for (int i = 0; i < warmUps; i++) {
            measureA.getAsDouble();
            measureB.getAsDouble();
        }
        List<Double> as = new ArrayList<>();
        List<Double> bs = new ArrayList<>();
        for (int i = 0; i < repetitions; i++) {
            as.add(measureA.getAsDouble());
            bs.add(measureB.getAsDouble());
        }
        double ma = Medians.median(as);
        double mb = Medians.median(bs);
        // each measurement over the other one next to it: on a machine whose speed drifts, pairs share the drift
        List<Double> paired = new ArrayList<>();
        for (int i = 0; i < repetitions; i++) {
            paired.add(as.get(i) / bs.get(i));
        }
        System.out.printf("  %s samples/s %s%n  %s samples/s %s%n  paired ratios %s%n", a, Medians.format(as), b,
                Medians.format(bs), paired.stream().map(r -> String.format(java.util.Locale.ROOT, "%.3f", r)).toList());
        System.out.printf("SUMMARY %s: %s %.0f samples/s, %s %.0f samples/s, ratio %.2f, median paired ratio %.3f "
                + "(medians of %d, alternating)%n", name, a, ma, b, mb, ma / mb, Medians.median(paired), repetitions);
        return ma / mb;
    }
}
