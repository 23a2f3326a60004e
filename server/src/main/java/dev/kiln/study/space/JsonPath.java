package dev.kiln.study.space;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A path into a JSON document as a study names it: field names separated by dots, list items by index, e.g.
 * {@code hyperparameters.optimizer.learningRate} or {@code layers[0].units}.
 */
public record JsonPath(String text, List<Object> steps) {
    private static final Pattern STEP = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)((?:\\[\\d{1,4}])*)");
    private static final Pattern INDEX = Pattern.compile("\\[(\\d{1,4})]");

    /** The path, or null when {@code text} is not one. */
    public static JsonPath parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 300) {
            return null;
        }
        List<Object> steps = new ArrayList<>();
        for (String part : text.split("\\.", -1)) {
            Matcher m = STEP.matcher(part);
            if (!m.matches()) {
                return null;
            }
            steps.add(m.group(1));
            Matcher index = INDEX.matcher(m.group(2));
            while (index.find()) {
                steps.add(Integer.parseInt(index.group(1)));
            }
        }
        return new JsonPath(text, List.copyOf(steps));
    }

    public String first() {
        return (String) steps.get(0);
    }

    /** The path without its first field: {@code model.layers[0].units} → {@code layers[0].units}. */
    public JsonPath rest() {
        return parse(text.substring(text.indexOf('.') + 1));
    }

    /**
     * Sets {@code value} at this path in {@code root}, making the objects on the way that are missing. Returns why it
     * cannot (a list index beyond the list, a step into something that is not an object or a list), or null.
     */
    public String set(ObjectNode root, JsonNode value) {
        JsonNode at = root;
        for (int i = 0; i < steps.size(); i++) {
            Object step = steps.get(i);
            boolean last = i == steps.size() - 1;
            if (step instanceof String name) {
                if (!(at instanceof ObjectNode object)) {
                    return "'" + name + "' is inside " + describe(at) + ", not an object";
                }
                if (last) {
                    object.set(name, value);
                    return null;
                }
                JsonNode next = object.get(name);
                if (next == null || next.isNull()) {
                    next = steps.get(i + 1) instanceof Integer ? null : object.putObject(name);
                    if (next == null) {
                        return "'" + name + "' is not a list here";
                    }
                }
                at = next;
            } else {
                int index = (Integer) step;
                if (!(at instanceof ArrayNode array)) {
                    return "[" + index + "] needs a list, not " + describe(at);
                }
                if (index >= array.size()) {
                    return "[" + index + "] is beyond the list's " + array.size() + " items";
                }
                if (last) {
                    array.set(index, value);
                    return null;
                }
                at = array.get(index);
            }
        }
        return null;
    }

    private static String describe(JsonNode node) {
        return node.isArray() ? "a list" : node.isObject() ? "an object" : "a " + node.getNodeType().name()
                .toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public String toString() {
        return text;
    }
}
