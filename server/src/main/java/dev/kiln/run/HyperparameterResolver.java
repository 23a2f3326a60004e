package dev.kiln.run;

import dev.kiln.domain.InvalidRequest;
import dev.kiln.domain.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Fills in every default and refuses combinations that cannot train; field names are JSON paths. The parts that
 * depend on the task (metrics, monitors, class weights) are settled by {@link TaskRules} once the task is known.
 */
final class HyperparameterResolver {
    static final Set<String> OPTIMIZERS = Set.of("adam", "adamw", "sgd");
    static final Set<String> DEVICES = Set.of("auto", "cpu", "gpu");
    static final Set<String> MODES = Set.of("min", "max", "auto");
    private static final String PREFIX = "hyperparameters.";

    private final LongSupplier seeds;

    HyperparameterResolver(LongSupplier seeds) {
        this.seeds = seeds;
    }

    Hyperparameters resolve(Hyperparameters requested) {
        Hyperparameters h = requested == null ? Hyperparameters.none() : requested;
        List<Violation> violations = new ArrayList<>();
        String device = h.device() == null ? "auto" : h.device().toLowerCase(Locale.ROOT);
        if (!DEVICES.contains(device)) {
            violations.add(new Violation(PREFIX + "device", "unknown device '" + h.device()
                    + "'; expected auto, cpu or gpu"));
        }
        OptimizerSpec optimizer = resolve(h.optimizer(), violations);
        String maxRuntime = maxRuntime(h.maxRuntime(), violations);
        int epochs = h.epochs() == null ? 10 : h.epochs();
        LearningRateSchedule schedule = Schedules.resolve(h.learningRateSchedule(), violations);
        EarlyStoppingSpec earlyStopping = earlyStopping(h.earlyStopping(), violations);
        if (!violations.isEmpty()) {
            throw new InvalidRequest(violations);
        }
        return new Hyperparameters(epochs, h.batchSize() == null ? 32 : h.batchSize(),
                h.validationSplit() == null ? 0.2 : h.validationSplit(),
                h.shuffle() == null ? Boolean.TRUE : h.shuffle(),
                h.seed() == null ? seeds.getAsLong() : h.seed(),
                optimizer, device, h.threads(), maxRuntime, h.metrics(), schedule, earlyStopping, h.classWeights());
    }

    private static String maxRuntime(String requested, List<Violation> violations) {
        if (requested == null) {
            return null;
        }
        try {
            java.time.Duration limit = java.time.Duration.parse(requested.strip());
            if (limit.isNegative() || limit.isZero()) {
                violations.add(new Violation(PREFIX + "maxRuntime", "must be a positive duration"));
            }
            return limit.toString();
        } catch (java.time.format.DateTimeParseException e) {
            violations.add(new Violation(PREFIX + "maxRuntime", "'" + requested
                    + "' is not an ISO-8601 duration such as PT30M or PT2H"));
            return null;
        }
    }

    private static EarlyStoppingSpec earlyStopping(EarlyStoppingSpec e, List<Violation> violations) {
        if (e == null) {
            return null;
        }
        String field = PREFIX + "earlyStopping.";
        String mode = e.mode() == null ? "auto" : e.mode();
        if (!MODES.contains(mode)) {
            violations.add(new Violation(field + "mode", "unknown mode '" + mode + "'; expected min, max or auto"));
        }
        nonNegative(e.patience(), field + "patience", violations);
        nonNegative(e.startFromEpoch(), field + "startFromEpoch", violations);
        if (e.minDelta() != null && e.minDelta() < 0) {
            violations.add(new Violation(field + "minDelta", "must not be negative"));
        }
        return new EarlyStoppingSpec(e.monitor() == null ? "val_loss" : e.monitor(), mode,
                e.patience() == null ? 0 : e.patience(), e.minDelta() == null ? 0.0 : e.minDelta(), e.baseline(),
                e.restoreBestWeights() != null && e.restoreBestWeights(),
                e.startFromEpoch() == null ? 0 : e.startFromEpoch());
    }

    static void nonNegative(Integer value, String field, List<Violation> violations) {
        if (value != null && value < 0) {
            violations.add(new Violation(field, "must not be negative"));
        }
    }

    private static OptimizerSpec resolve(OptimizerSpec requested, List<Violation> violations) {
        OptimizerSpec o = requested == null
                ? new OptimizerSpec(null, null, null, null, null, null, null, null, null) : requested;
        String type = o.type() == null ? "adam" : o.type().toLowerCase(Locale.ROOT);
        String field = PREFIX + "optimizer.";
        if (!OPTIMIZERS.contains(type)) {
            violations.add(new Violation(field + "type", "'" + o.type() + "' is not supported: DJL's PyTorch engine "
                    + "implements adam, adamw and sgd"));
            return o;
        }
        boolean sgd = type.equals("sgd");
        if (sgd && (o.beta1() != null || o.beta2() != null || o.epsilon() != null)) {
            violations.add(new Violation(field + (o.beta1() != null ? "beta1" : o.beta2() != null ? "beta2" : "epsilon"),
                    "applies to adam and adamw only, not to sgd"));
        }
        if (!sgd && o.momentum() != null) {
            violations.add(new Violation(field + "momentum", "applies to sgd only, not to " + type));
        }
        return new OptimizerSpec(type,
                o.learningRate() != null ? o.learningRate() : sgd ? 0.01 : 0.001,
                sgd ? (o.momentum() == null ? 0.0 : o.momentum()) : null,
                sgd ? null : (o.beta1() == null ? 0.9 : o.beta1()),
                sgd ? null : (o.beta2() == null ? 0.999 : o.beta2()),
                sgd ? null : (o.epsilon() == null ? 1e-7 : o.epsilon()),
                o.weightDecay() != null ? o.weightDecay() : type.equals("adamw") ? 0.01 : 0.0,
                o.clipValue(), o.clipNorm());
    }
}
