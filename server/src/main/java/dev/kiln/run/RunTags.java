package dev.kiln.run;

import dev.kiln.domain.InvalidRequest;
import dev.kiln.domain.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** A run's tags: at most {@value #MAX} keys of letters, digits, '_', '.', '-' (1 to 64), values up to 256 characters. */
public final class RunTags {
    static final int MAX = 20;
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private RunTags() {}

    /** Refuses (422 naming {@code field}.key) tags that break the rules. */
    public static void check(Map<String, String> tags, String field) {
        List<Violation> violations = new ArrayList<>();
        if (tags.size() > MAX) {
            violations.add(new Violation(field, "at most " + MAX + " tags; got " + tags.size()));
        }
        tags.forEach((key, value) -> {
            if (!KEY.matcher(key).matches()) {
                violations.add(new Violation(field, "'" + (key.length() > 70 ? key.substring(0, 70) + "…" : key)
                        + "' is not a tag key: 1 to 64 letters, digits, '_', '.' or '-'"));
            } else if (value != null && value.length() > 256) {
                violations.add(new Violation(field + "." + key, "at most 256 characters"));
            }
        });
        if (!violations.isEmpty()) {
            throw new InvalidRequest(violations);
        }
    }
}
