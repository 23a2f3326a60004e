package dev.kiln.events.web;

import dev.kiln.events.EventType;
import dev.kiln.events.RunEvent;
import dev.kiln.events.RunEventLog;
import dev.kiln.persistence.JsonColumn;
import dev.kiln.run.RunHistory;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.JsonNode;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Events", description = "Follow runs live (Server-Sent Events) and read their logs")
class EventController {
    static final int MAX_RUNS = 20;
    private static final String EVENTS = """
            Server-Sent Events, one per stored event of the run, in order: `status` (the run entered a status, with \
            the reason), `epoch` (a finished epoch's metrics row, as in /runs/{id}/metrics), `checkpoint` (last, best \
            or model stored), `log` (a line of the run's log) and `end` (the run finished; the stream then closes). \
            Each event's data is a JSON object with `runId` and `seq`; its id is the stream's position — send it back \
            as `Last-Event-ID` (browsers do) to continue after it without gaps or repeats. A finished run's stream \
            replays its events and closes; a silent stream sends a heartbeat comment every 15 s. Events come from \
            the database, so any instance serves any run's events. A run resumed after its worker was lost reports \
            again the epochs after its last checkpoint, which it trains again.""";

    private final RunHistory history;
    private final RunEventLog log;
    private final EventStreams streams;
    private final Duration timeout;

    EventController(RunHistory history, RunEventLog log, EventStreams streams,
                    @Value("${kiln.events.stream-timeout:30m}") Duration timeout) {
        this.history = history;
        this.log = log;
        this.streams = streams;
        this.timeout = timeout;
    }

    @GetMapping(value = "/runs/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(operationId = "streamRunEvents", summary = "Follow a run live", description = EVENTS)
    @ApiResponse(responseCode = "200", description = "The event stream",
            content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE, schema = @Schema(type = "string")))
    SseEmitter runEvents(@PathVariable UUID id,
                         @Parameter(description = "continue after this event (the id of the last one received)")
                         @RequestHeader(value = "Last-Event-ID", required = false) String lastEventId) {
        history.get(id);
        return streams.open(Cursor.ofRun(id, lastEventId), timeout);
    }

    @GetMapping(value = "/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(operationId = "streamEvents", summary = "Follow several runs live",
            description = "The events of up to " + MAX_RUNS + " runs in one stream, each run's in order (see "
                    + "/runs/{id}/events); the event ids carry every run's position. Closes when every run has ended.")
    @ApiResponse(responseCode = "200", description = "The event stream",
            content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE, schema = @Schema(type = "string")))
    SseEmitter events(@Parameter(description = "the runs' ids, comma-separated", required = true)
                      @RequestParam("runs") String runs,
                      @Parameter(description = "continue after this event (the id of the last one received)")
                      @RequestHeader(value = "Last-Event-ID", required = false) String lastEventId) {
        List<UUID> ids = dev.kiln.web.IdList.parse(runs, "runs", 1, MAX_RUNS);
        ids.forEach(history::get);
        return streams.open(Cursor.ofRuns(ids, lastEventId), timeout);
    }

    @GetMapping(value = "/runs/{id}/logs", produces = MediaType.TEXT_PLAIN_VALUE)
    @Operation(operationId = "getRunLogs", summary = "A run's log",
            description = "One line per status change and log line of the run, oldest first: time, level, message "
                    + "(what the worker did, warnings about the data, the failure's reason). With Accept: "
                    + "application/json, the same lines as objects.")
    @ApiResponse(responseCode = "200", description = "The log", content = {
            @Content(mediaType = MediaType.TEXT_PLAIN_VALUE, schema = @Schema(type = "string")),
            @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = LogResponse.class))})
    String logs(@PathVariable UUID id) {
        history.get(id);
        var text = new StringBuilder();
        for (LogLine line : lines(id)) {
            text.append(line.at()).append(' ').append(String.format("%-5s", line.level())).append(' ')
                    .append(line.message().replace('\n', ' ')).append('\n');
        }
        return text.toString();
    }

    /** The log as JSON: documented with {@link #logs}, whose path it shares. */
    @io.swagger.v3.oas.annotations.Hidden
    @GetMapping(value = "/runs/{id}/logs", produces = MediaType.APPLICATION_JSON_VALUE)
    LogResponse logLines(@PathVariable UUID id) {
        history.get(id);
        return new LogResponse(id, lines(id));
    }

    /** A run's log lines, as stored in its event log. */
    record LogLine(String at, String level, String message) {}

    record LogResponse(UUID runId, List<LogLine> lines) {}

    private List<LogLine> lines(UUID id) {
        List<LogLine> lines = new ArrayList<>();
        int after = 0;
        List<RunEvent> batch;
        do {
            batch = log.after(id, after, 1000);
            for (RunEvent event : batch) {
                after = event.seq();
                JsonNode data = JsonColumn.mapper().readTree(event.payload());
                if (event.type() == EventType.LOG) {
                    lines.add(new LogLine(data.get("at").asString(), data.get("level").asString(),
                            data.get("message").asString()));
                } else if (event.type() == EventType.STATUS) {
                    String status = data.get("status").asString();
                    JsonNode reason = data.get("reason");
                    lines.add(new LogLine(data.get("at").asString(), status.equals("FAILED") ? "ERROR" : "INFO",
                            status + (reason == null || reason.isNull() ? "" : ": " + reason.asString())));
                }
            }
        } while (batch.size() == 1000);
        return lines;
    }
}
