package dev.kiln.web;

import dev.kiln.domain.InvalidParameter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

/** A query parameter of comma-separated ids: parsed in order, repeats dropped, 400 naming it when one is not an id. */
public final class IdList {
    private IdList() {}

    /** Between {@code min} and {@code max} distinct ids from {@code text}, else 400 naming {@code parameter}. */
    public static List<UUID> parse(String text, String parameter, int min, int max) {
        var ids = new LinkedHashSet<UUID>();
        for (String part : text.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            try {
                ids.add(UUID.fromString(part.strip()));
            } catch (IllegalArgumentException e) {
                throw new InvalidParameter(parameter, "'" + (part.length() > 60 ? part.substring(0, 60) + "…" : part)
                        + "' is not a run id");
            }
        }
        if (ids.size() < min || ids.size() > max) {
            throw new InvalidParameter(parameter, "give " + min + " to " + max + " distinct run ids, comma-separated; "
                    + "got " + ids.size());
        }
        return List.copyOf(ids);
    }
}
