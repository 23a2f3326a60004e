package dev.kiln.telemetry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * The meters the training and inference modules report to. Every label value comes from a small fixed set: a run's
 * task (binary, multiclass, regression, rating, ranking), its outcome, a prediction's kind.
 */
@Component
public class KilnMeters {
    private final MeterRegistry registry;

    public KilnMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A worker started (or resumed) training a run. */
    public void runStarted(String task) {
        Counter.builder("kiln.runs.started").description("Runs a worker started or resumed training")
                .tag("task", label(task)).register(registry).increment();
    }

    /** A run this worker trained ended: succeeded, failed, cancelled — or requeued when the instance stopped. */
    public void runFinished(String task, String outcome) {
        Counter.builder("kiln.runs.finished").description("Runs whose training ended here, by outcome")
                .tag("task", label(task)).tag("outcome", label(outcome)).register(registry).increment();
    }

    /** How long a run waited in the queue before a worker first took it. */
    public void queued(String task, Duration waited) {
        Timer.builder("kiln.runs.queue.time").description("Time from submission to the first start")
                .tag("task", label(task)).publishPercentileHistogram().register(registry).record(waited);
    }

    /** One finished epoch: its wall time and training throughput. */
    public void epoch(String task, long durationMs, double samplesPerSecond) {
        Timer.builder("kiln.epoch.duration").description("Wall time of an epoch, bookkeeping waits included")
                .tag("task", label(task)).publishPercentileHistogram().register(registry)
                .record(Duration.ofMillis(durationMs));
        DistributionSummary.builder("kiln.epoch.samples.per.second").description("Training throughput of an epoch")
                .tag("task", label(task)).publishPercentileHistogram().register(registry).record(samplesPerSecond);
    }

    /** A checkpoint (or the final model) was written to storage. */
    public void checkpointWritten(Duration took) {
        Timer.builder("kiln.checkpoint.write.time").description("Time to store a checkpoint and record it")
                .publishPercentileHistogram().register(registry).record(took);
    }

    /** A prediction request was answered ({@code kind}: predict, images, recommend, similar). */
    public void predicted(String kind, Duration took) {
        Timer.builder("kiln.prediction.latency").description("Time to answer a prediction request in-process")
                .tag("kind", label(kind)).publishPercentileHistogram().register(registry).record(took);
    }

    /** Runs {@code work} and records its time as a prediction of {@code kind} when it answers. */
    public <T> T timed(String kind, java.util.function.Supplier<T> work) {
        long start = System.nanoTime();
        T answer = work.get();
        predicted(kind, Duration.ofNanos(System.nanoTime() - start));
        return answer;
    }

    /** The model cache served a loaded network ({@code hit}), loaded one ({@code miss}) or closed one. */
    public void modelCache(String result) {
        Counter.builder("kiln.model.cache").description("Model cache lookups (hit, miss) and evictions")
                .tag("result", label(result)).register(registry).increment();
    }

    private static String label(String value) {
        return value == null ? "none" : value.toLowerCase(Locale.ROOT);
    }
}
