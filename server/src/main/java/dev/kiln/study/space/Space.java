package dev.kiln.study.space;

import dev.kiln.domain.InvalidRequest;
import dev.kiln.domain.Violation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A study's search space: parameters by path ({@code hyperparameters.batchSize}, {@code model.layers[0].units}),
 * each with its {@link Domain}. A sampler decides every active parameter (a number each, by its decision key); the
 * space turns decisions into the JSON values set at the paths. Conditional parameters live inside a choice's options
 * and are active only when their option is chosen; their key is {@code <choice key>{<option label>}.<field>}.
 */
public final class Space {
    public static final int MAX_PARAMETERS = 50;
    public static final int MAX_OPTIONS = 100;
    public static final int MAX_GRID = 10_000;
    private static final Set<String> KINDS = Set.of("uniform", "logUniform", "intUniform", "choice");

    /** One parameter, top-level or nested: its decision key, its domain, and the choices that must pick it. */
    public record Dimension(String key, JsonPath path, Domain domain, List<Condition> conditions, String field) {}

    /** A nested parameter is active when the choice {@code key} picked option {@code option}. */
    public record Condition(String key, int option) {}

    private record Parameter(String key, Domain domain) {}

    private final Map<JsonPath, Domain> parameters;
    private final List<Dimension> dimensions = new ArrayList<>();

    private Space(Map<JsonPath, Domain> parameters) {
        this.parameters = parameters;
        parameters.forEach((path, domain) -> flatten(path.text(), path, domain, List.of(), "space." + path.text()));
    }

    private void flatten(String key, JsonPath path, Domain domain, List<Condition> conditions, String field) {
        dimensions.add(new Dimension(key, path, domain, conditions, field));
        if (domain instanceof Domain.Choice choice) {
            for (int i = 0; i < choice.options().size(); i++) {
                Domain.Option option = choice.options().get(i);
                List<Condition> inner = new ArrayList<>(conditions);
                inner.add(new Condition(key, i));
                String at = field + ".choice[" + i + "].";
                option.nested().forEach((name, nested) -> flatten(key + "{" + option.label() + "}." + name,
                        JsonPath.parse(path.text() + "." + name), nested, List.copyOf(inner), at + name));
            }
        }
    }

    /** The space {@code node} describes, or 422 naming each bad parameter as {@code space.<path>}. */
    public static Space parse(JsonNode node) {
        List<Violation> violations = new ArrayList<>();
        if (node == null || !node.isObject() || node.isEmpty()) {
            throw new InvalidRequest("space", "give at least one parameter: {\"<path>\": {\"uniform\": [low, high]}}");
        }
        if (node.size() > MAX_PARAMETERS) {
            throw new InvalidRequest("space", "at most " + MAX_PARAMETERS + " parameters");
        }
        Map<JsonPath, Domain> parameters = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            String field = "space." + entry.getKey();
            JsonPath path = JsonPath.parse(entry.getKey());
            if (path == null) {
                violations.add(new Violation(field, "not a path: field names joined by '.', list items as [index], "
                        + "e.g. hyperparameters.optimizer.learningRate or model.layers[0].units"));
                continue;
            }
            Domain domain = domain(entry.getValue(), field, violations);
            if (domain != null) {
                parameters.put(path, domain);
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequest(violations);
        }
        return new Space(parameters);
    }

    /** Whether {@code node} describes a domain (rather than being a plain value). */
    static boolean isDomain(JsonNode node) {
        return node.isObject() && KINDS.stream().anyMatch(node::has);
    }

    private static Domain domain(JsonNode node, String field, List<Violation> violations) {
        if (!isDomain(node)) {
            violations.add(new Violation(field, "expected one of {\"uniform\": [low, high]}, {\"logUniform\": [low, "
                    + "high]}, {\"intUniform\": [low, high]} (each with an optional \"step\") or {\"choice\": [...]}"));
            return null;
        }
        List<String> kinds = KINDS.stream().filter(node::has).toList();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!KINDS.contains(e.getKey()) && !e.getKey().equals("step")) {
                violations.add(new Violation(field + "." + e.getKey(), "unknown field; a domain has one of uniform, "
                        + "logUniform, intUniform, choice, and step"));
                return null;
            }
        }
        if (kinds.size() > 1) {
            violations.add(new Violation(field, "one kind per parameter, not " + String.join(" and ", kinds)));
            return null;
        }
        String kind = kinds.get(0);
        JsonNode step = node.get("step");
        if (step != null && !(kind.equals("uniform") || kind.equals("intUniform"))) {
            violations.add(new Violation(field + ".step", "only uniform and intUniform ranges take a step"));
            return null;
        }
        if (kind.equals("choice")) {
            return choice(node.get(kind), field + ".choice", violations);
        }
        double[] range = range(node.get(kind), field + "." + kind, violations);
        if (range == null) {
            return null;
        }
        switch (kind) {
            case "logUniform" -> {
                if (range[0] <= 0) {
                    violations.add(new Violation(field + ".logUniform", "the bounds of a logUniform range must be "
                            + "positive, not " + number(range[0])));
                    return null;
                }
                return new Domain.LogUniform(range[0], range[1]);
            }
            case "intUniform" -> {
                if (range[0] != Math.rint(range[0]) || range[1] != Math.rint(range[1])
                        || step != null && (!step.isIntegralNumber() || step.asLong() < 1)) {
                    violations.add(new Violation(field, "an intUniform range takes whole numbers, and a whole step of "
                            + "at least 1"));
                    return null;
                }
                return new Domain.IntUniform((long) range[0], (long) range[1], step == null ? 1 : step.asLong());
            }
            default -> {
                if (step != null && (!step.isNumber() || !(step.asDouble() > 0)
                        || step.asDouble() > range[1] - range[0])) {
                    violations.add(new Violation(field + ".step", "a positive number no larger than the range"));
                    return null;
                }
                return new Domain.Uniform(range[0], range[1], step == null ? null : step.asDouble());
            }
        }
    }

    private static double[] range(JsonNode node, String field, List<Violation> violations) {
        if (node == null || !node.isArray() || node.size() != 2 || !node.get(0).isNumber() || !node.get(1).isNumber()) {
            violations.add(new Violation(field, "expected [low, high], two numbers"));
            return null;
        }
        double low = node.get(0).asDouble();
        double high = node.get(1).asDouble();
        if (!Double.isFinite(low) || !Double.isFinite(high) || !(low < high)) {
            violations.add(new Violation(field, "an empty range: low (" + number(low) + ") must be below high ("
                    + number(high) + ")"));
            return null;
        }
        return new double[] {low, high};
    }

    private static Domain choice(JsonNode node, String field, List<Violation> violations) {
        if (node == null || !node.isArray() || node.isEmpty() || node.size() > MAX_OPTIONS) {
            violations.add(new Violation(field, "expected a list of 1 to " + MAX_OPTIONS + " options"));
            return null;
        }
        List<Domain.Option> options = new ArrayList<>();
        int before = violations.size();
        for (int i = 0; i < node.size(); i++) {
            JsonNode option = node.get(i);
            Map<String, Domain> nested = new LinkedHashMap<>();
            if (option.isObject()) {
                for (Map.Entry<String, JsonNode> e : option.properties()) {
                    if (isDomain(e.getValue())) {
                        Domain inner = domain(e.getValue(), field + "[" + i + "]." + e.getKey(), violations);
                        if (inner != null) {
                            nested.put(e.getKey(), inner);
                        }
                    }
                }
            }
            String label = option.isObject() && option.path("type").isString() ? option.get("type").asString()
                    : option.isValueNode() ? option.asString() : String.valueOf(i);
            options.add(new Domain.Option(option, java.util.Collections.unmodifiableMap(nested), label));
        }
        return violations.size() > before ? null : new Domain.Choice(List.copyOf(options));
    }

    private static String number(double x) {
        return x == Math.rint(x) && Math.abs(x) < 1e15 ? String.valueOf((long) x) : String.valueOf(x);
    }

    /** The parameters, top-level and nested, in order. */
    public List<Dimension> dimensions() {
        return dimensions;
    }

    public Map<JsonPath, Domain> parameters() {
        return parameters;
    }

    /** How a sampler decides one parameter, given the decisions made so far. */
    @FunctionalInterface
    public interface Decider {
        double decide(Dimension dimension, Map<String, Double> decided);
    }

    /** Decides every active parameter, in order (a choice before the parameters inside its options). */
    public Map<String, Double> decide(Decider decider) {
        Map<String, Double> decided = new LinkedHashMap<>();
        for (Dimension d : dimensions) {
            if (active(d, decided)) {
                decided.put(d.key(), decider.decide(d, decided));
            }
        }
        return decided;
    }

    /** Whether {@code d}'s choices picked its option in {@code decided}. */
    public static boolean active(Dimension d, Map<String, Double> decided) {
        return d.conditions().stream().allMatch(c -> decided.containsKey(c.key())
                && decided.get(c.key()).intValue() == c.option());
    }

    /** The JSON value of each top-level parameter for these decisions, by path. */
    public Map<JsonPath, JsonNode> resolve(Map<String, Double> decisions) {
        Map<JsonPath, JsonNode> values = new LinkedHashMap<>();
        parameters.forEach((path, domain) -> values.put(path, value(path.text(), domain, decisions)));
        return values;
    }

    private static JsonNode value(String key, Domain domain, Map<String, Double> decisions) {
        Double decision = decisions.get(key);
        if (decision == null) {
            throw new IllegalArgumentException("no decision for " + key);
        }
        if (domain instanceof Domain.Choice choice) {
            Domain.Option option = choice.options().get(decision.intValue());
            JsonNode value = option.value().deepCopy();
            option.nested().forEach((field, nested) -> ((ObjectNode) value).set(field,
                    value(key + "{" + option.label() + "}." + field, nested, decisions)));
            return value;
        }
        return domain.value(decision);
    }

    /** Every combination of decisions, in order; 422 naming a parameter a grid cannot enumerate. */
    public List<Map<String, Double>> grid() {
        List<Violation> violations = new ArrayList<>();
        for (Dimension d : dimensions) {
            if (!d.domain().discrete()) {
                violations.add(new Violation(d.field(), "a grid needs a finite set of values: a choice, an "
                        + "intUniform range, or a uniform range with a step (a logUniform range has none)"));
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequest(violations);
        }
        List<Parameter> top = new ArrayList<>();
        parameters.forEach((path, domain) -> top.add(new Parameter(path.text(), domain)));
        List<Map<String, Double>> all = expand(top);
        if (all.size() > MAX_GRID) {
            throw new InvalidRequest("space", "the grid has " + all.size() + " combinations, more than "
                    + MAX_GRID);
        }
        return all;
    }

    private static List<Map<String, Double>> expand(List<Parameter> parameters) {
        if (parameters.isEmpty()) {
            return List.of(new LinkedHashMap<>());
        }
        Parameter first = parameters.get(0);
        List<Map<String, Double>> rest = expand(parameters.subList(1, parameters.size()));
        List<Map<String, Double>> out = new ArrayList<>();
        for (double decision : first.domain().all()) {
            List<Parameter> inner = new ArrayList<>();
            if (first.domain() instanceof Domain.Choice choice) {
                Domain.Option option = choice.options().get((int) decision);
                option.nested().forEach((field, d) -> inner.add(new Parameter(first.key() + "{" + option.label()
                        + "}." + field, d)));
            }
            for (Map<String, Double> nested : expand(inner)) {
                for (Map<String, Double> r : rest) {
                    Map<String, Double> combo = new LinkedHashMap<>();
                    combo.put(first.key(), decision);
                    combo.putAll(nested);
                    combo.putAll(r);
                    out.add(combo);
                    if (out.size() > MAX_GRID) {
                        return out;
                    }
                }
            }
        }
        return out;
    }
}
