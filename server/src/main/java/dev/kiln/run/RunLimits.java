package dev.kiln.run;

import dev.kiln.domain.Violation;
import dev.kiln.model.ModelSpec;
import dev.kiln.model.ShapeTrace;
import dev.kiln.run.spec.TrainingSpec;
import jakarta.validation.constraints.Min;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * What one run may allocate, checked before it is queued — a model that could never train must not wait in the queue
 * and then take the machine down.
 *
 * @param maxParameters the most parameters a run's model may hold
 * @param maxMemory the most memory a run's training may need by {@link #estimate}; default half the machine's
 *     physical memory (a GPU run's memory is the device's, which this bounds too)
 */
@Validated
@ConfigurationProperties("kiln.training")
public record RunLimits(@Min(1) long maxParameters, @Nullable DataSize maxMemory) {
    private static final int FLOAT_BYTES = 4;

    /** The limit on memory in bytes: the configured one, else half the physical memory. */
    public long memoryLimit() {
        if (maxMemory != null) {
            return maxMemory.toBytes();
        }
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return os.getTotalMemorySize() / 2;
    }

    /**
     * What training needs, in bytes: the weights, their gradients and the optimizer's state per trainable parameter,
     * plus every layer's output for a batch, kept for the backward pass together with its gradient.
     */
    public record Estimate(double parameterBytes, double activationBytes, int largestActivationLayer) {
        public double total() {
            return parameterBytes + activationBytes;
        }
    }

    public static Estimate estimate(ShapeTrace trace, TrainingSpec spec) {
        double parameters = trace.parameters() + (double) trace.trainableParameters()
                * (1 + spec.optimizer().stateSlots());
        double activations = 0;
        long largest = 0;
        int largestLayer = -1;
        for (ShapeTrace.Step step : trace.steps()) {
            long values = 1;
            for (int d : step.output()) {
                values *= d;
            }
            activations += values;
            if (values > largest) {
                largest = values;
                largestLayer = step.index();
            }
        }
        return new Estimate(parameters * FLOAT_BYTES, activations * 2.0 * spec.batchSize() * FLOAT_BYTES, largestLayer);
    }

    /** Adds a violation on {@code modelId} when the run is over either limit, naming the layer that weighs most. */
    void check(ShapeTrace trace, ModelSpec model, TrainingSpec spec, List<Violation> violations) {
        if (!trace.fits()) {
            return;
        }
        if (trace.parameters() > maxParameters) {
            ShapeTrace.Step heaviest = trace.steps().stream()
                    .max(java.util.Comparator.comparingLong(ShapeTrace.Step::parameters)).orElseThrow();
            violations.add(new Violation("modelId", String.format(Locale.ROOT, "the model holds %,d parameters, "
                    + "over kiln.training.max-parameters (%,d); %s alone holds %,d", trace.parameters(), maxParameters,
                    layer(model, heaviest.index()), heaviest.parameters())));
            return;
        }
        Estimate estimate = estimate(trace, spec);
        long limit = memoryLimit();
        if (estimate.total() > limit) {
            boolean activations = estimate.activationBytes() > estimate.parameterBytes();
            String why = activations
                    ? String.format(Locale.ROOT, "most of it the outputs of a batch of %d, the largest at %s; a "
                    + "smaller batchSize needs less", spec.batchSize(), layer(model, estimate.largestActivationLayer()))
                    : String.format(Locale.ROOT, "most of it %,d parameters with their gradients and optimizer state, "
                    + "%s holding the most", trace.parameters(), layer(model, trace.steps().stream().max(
                    java.util.Comparator.comparingLong(ShapeTrace.Step::parameters)).orElseThrow().index()));
            violations.add(new Violation(activations ? "hyperparameters.batchSize" : "modelId", String.format(
                    Locale.ROOT, "training would need about %s (%s), over kiln.training.max-memory (%s)",
                    bytes(estimate.total()), why, bytes(limit))));
        }
    }

    private static String layer(ModelSpec model, int index) {
        return "layers[" + index + "] (" + ShapeTrace.typeName(model.layers().get(index)) + ")";
    }

    static String bytes(double bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        int unit = 0;
        while (bytes >= 1024 && unit < units.length - 1) {
            bytes /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, unit == 0 ? "%.0f %s" : "%.1f %s", bytes, units[unit]);
    }
}
