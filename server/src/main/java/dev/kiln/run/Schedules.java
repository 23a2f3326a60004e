package dev.kiln.run;

import dev.kiln.domain.Violation;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Resolves and checks a learning-rate schedule: its type, the fields that type takes, and their ranges. */
final class Schedules {
    private static final String FIELD = "hyperparameters.learningRateSchedule.";
    private static final Map<String, Set<String>> FIELDS = Map.of(
            "step", Set.of("factor", "every"),
            "exponential", Set.of("factor", "every", "staircase"),
            "cosine", Set.of("warmupEpochs", "decayEpochs", "alpha"),
            "reduceOnPlateau", Set.of("factor", "monitor", "mode", "patience", "minDelta", "cooldown", "minLr"));

    private Schedules() {}

    static LearningRateSchedule resolve(LearningRateSchedule s, List<Violation> violations) {
        if (s == null) {
            return null;
        }
        if (s.type() == null || !FIELDS.containsKey(s.type())) {
            violations.add(new Violation(FIELD + "type", "unknown schedule '" + s.type()
                    + "'; expected step, exponential, cosine or reduceOnPlateau"));
            return s;
        }
        Set<String> allowed = FIELDS.get(s.type());
        Map<String, Object> given = new java.util.LinkedHashMap<>();
        given.put("factor", s.factor());
        given.put("every", s.every());
        given.put("staircase", s.staircase());
        given.put("warmupEpochs", s.warmupEpochs());
        given.put("decayEpochs", s.decayEpochs());
        given.put("alpha", s.alpha());
        given.put("monitor", s.monitor());
        given.put("mode", s.mode());
        given.put("patience", s.patience());
        given.put("minDelta", s.minDelta());
        given.put("cooldown", s.cooldown());
        given.put("minLr", s.minLr());
        given.forEach((name, value) -> {
            if (value != null && !allowed.contains(name)) {
                violations.add(new Violation(FIELD + name, "does not apply to a " + s.type() + " schedule"));
            }
        });
        double defaultFactor = s.type().equals("exponential") ? 0.96 : 0.1;
        double factor = s.factor() == null ? defaultFactor : s.factor();
        if (allowed.contains("factor") && !(factor > 0 && factor < 1)) {
            violations.add(new Violation(FIELD + "factor", "must be between 0 and 1 (exclusive), got " + factor));
        }
        positive(s.every(), "every", violations);
        positive(s.decayEpochs(), "decayEpochs", violations);
        HyperparameterResolver.nonNegative(s.warmupEpochs(), FIELD + "warmupEpochs", violations);
        HyperparameterResolver.nonNegative(s.patience(), FIELD + "patience", violations);
        HyperparameterResolver.nonNegative(s.cooldown(), FIELD + "cooldown", violations);
        fraction(s.alpha(), "alpha", violations);
        nonNegative(s.minDelta(), "minDelta", violations);
        nonNegative(s.minLr(), "minLr", violations);
        if (s.mode() != null && !HyperparameterResolver.MODES.contains(s.mode())) {
            violations.add(new Violation(FIELD + "mode", "unknown mode '" + s.mode() + "'; expected min, max or auto"));
        }
        boolean plateau = s.type().equals("reduceOnPlateau");
        return new LearningRateSchedule(s.type(), allowed.contains("factor") ? factor : null,
                allowed.contains("every") ? (s.every() == null ? (s.type().equals("step") ? 10 : 1) : s.every()) : null,
                s.type().equals("exponential") ? s.staircase() != null && s.staircase() : null,
                s.type().equals("cosine") ? (s.warmupEpochs() == null ? 0 : s.warmupEpochs()) : null,
                s.decayEpochs(),
                s.type().equals("cosine") ? (s.alpha() == null ? 0.0 : s.alpha()) : null,
                plateau ? (s.monitor() == null ? "val_loss" : s.monitor()) : null,
                plateau ? (s.mode() == null ? "auto" : s.mode()) : null,
                plateau ? (s.patience() == null ? 10 : s.patience()) : null,
                plateau ? (s.minDelta() == null ? 1e-4 : s.minDelta()) : null,
                plateau ? (s.cooldown() == null ? 0 : s.cooldown()) : null,
                plateau ? (s.minLr() == null ? 0.0 : s.minLr()) : null);
    }

    private static void positive(Integer value, String name, List<Violation> violations) {
        if (value != null && value < 1) {
            violations.add(new Violation(FIELD + name, "must be at least 1"));
        }
    }

    private static void fraction(Double value, String name, List<Violation> violations) {
        if (value != null && !(value >= 0 && value <= 1)) {
            violations.add(new Violation(FIELD + name, "must be between 0 and 1"));
        }
    }

    private static void nonNegative(Double value, String name, List<Violation> violations) {
        if (value != null && value < 0) {
            violations.add(new Violation(FIELD + name, "must not be negative"));
        }
    }
}
