package dev.kiln.events.web;

import dev.kiln.domain.InvalidParameter;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Where a stream is in each run's event log: the last {@code seq} it has sent per run. As an SSE event id it is
 * the number alone for a one-run stream ({@code 7}) and {@code <runId>:<seq>} per run, comma-separated, for a
 * stream of several; a client that reconnects with it as {@code Last-Event-ID} continues after exactly that event.
 */
final class Cursor {
    private final Map<UUID, Integer> at = new LinkedHashMap<>();
    private final Set<UUID> ended = new HashSet<>();
    private final boolean single;

    private Cursor(List<UUID> runs, boolean single) {
        runs.forEach(run -> at.put(run, 0));
        this.single = single;
    }

    /** A stream of one run, after {@code lastEventId} (null or blank: from its first event). */
    static Cursor ofRun(UUID run, String lastEventId) {
        var cursor = new Cursor(List.of(run), true);
        if (lastEventId != null && !lastEventId.isBlank()) {
            cursor.at.put(run, seq(lastEventId.strip(), "Last-Event-ID"));
        }
        return cursor;
    }

    /** A stream of several runs, after {@code lastEventId} (runs it does not name start from their first event). */
    static Cursor ofRuns(List<UUID> runs, String lastEventId) {
        var cursor = new Cursor(runs, false);
        if (lastEventId == null || lastEventId.isBlank()) {
            return cursor;
        }
        for (String part : lastEventId.strip().split(",")) {
            int colon = part.indexOf(':');
            if (colon < 0) {
                throw new InvalidParameter("Last-Event-ID", "expected <runId>:<seq> for each run, comma-separated; got '"
                        + abbreviate(part) + "'");
            }
            UUID run;
            try {
                run = UUID.fromString(part.substring(0, colon).strip());
            } catch (IllegalArgumentException e) {
                throw new InvalidParameter("Last-Event-ID", "'" + abbreviate(part.substring(0, colon))
                        + "' is not a run id");
            }
            if (!cursor.at.containsKey(run)) {
                throw new InvalidParameter("Last-Event-ID", "names run " + run + ", which the runs parameter does not");
            }
            cursor.at.put(run, seq(part.substring(colon + 1).strip(), "Last-Event-ID"));
        }
        return cursor;
    }

    private static int seq(String text, String field) {
        try {
            int seq = Integer.parseInt(text);
            if (seq < 0) {
                throw new NumberFormatException();
            }
            return seq;
        } catch (NumberFormatException e) {
            throw new InvalidParameter(field, "expected an event sequence number (0 or more); got '" + abbreviate(text)
                    + "'");
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 60 ? text.substring(0, 60) + "…" : text;
    }

    boolean follows(UUID run) {
        return at.containsKey(run);
    }

    /** The runs not yet ended. */
    List<UUID> following() {
        return at.keySet().stream().filter(run -> !ended.contains(run)).toList();
    }

    int at(UUID run) {
        return at.get(run);
    }

    void advance(UUID run, int seq, boolean end) {
        at.put(run, seq);
        if (end) {
            ended.add(run);
        }
    }

    /** Marks the runs whose log the cursor has read to its end (a finished run reconnected to after its end). */
    void markEnded(java.util.function.BiPredicate<UUID, Integer> endedBy) {
        at.forEach((run, seq) -> {
            if (endedBy.test(run, seq)) {
                ended.add(run);
            }
        });
    }

    boolean allEnded() {
        return ended.size() == at.size();
    }

    /** This position as an SSE event id. */
    String id() {
        if (single) {
            return String.valueOf(at.values().iterator().next());
        }
        var id = new StringBuilder();
        at.forEach((run, seq) -> id.append(id.isEmpty() ? "" : ",").append(run).append(':').append(seq));
        return id.toString();
    }
}
