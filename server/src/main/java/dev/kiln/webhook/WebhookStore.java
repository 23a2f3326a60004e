package dev.kiln.webhook;

import dev.kiln.access.ProjectScope;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/** Webhooks, their deliveries and each delivery's attempts, in the database. */
@Component
class WebhookStore {
    /** A registered webhook; its secret signs deliveries and is never shown again after registration. */
    record Webhook(UUID id, UUID projectId, String url, List<WebhookEvent> events, String secret, Instant createdAt) {}

    enum Status { PENDING, DELIVERED, FAILED }

    /** One event to deliver to one webhook, and where its delivery stands. */
    record Delivery(UUID id, UUID webhookId, WebhookEvent event, String payload, Status status, int attempts,
                    Instant createdAt, Instant nextAttemptAt, Instant finishedAt) {}

    /** One attempt: the receiver's status code (none when it could not be reached), the error, how long it took. */
    record Attempt(UUID deliveryId, int attempt, Instant at, Integer statusCode, String error, long durationMs) {}

    private final NamedParameterJdbcTemplate jdbc;

    WebhookStore(DataSource dataSource) {
        this.jdbc = new NamedParameterJdbcTemplate(dataSource);
    }

    void insert(Webhook webhook) {
        jdbc.update("insert into webhooks (id, project_id, url, events, secret, created_at) values (:id, :project, "
                + ":url, :events, :secret, :at)", new MapSqlParameterSource("id", webhook.id())
                .addValue("project", webhook.projectId()).addValue("url", webhook.url())
                .addValue("events", webhook.events().stream().map(WebhookEvent::json).collect(Collectors.joining(",")))
                .addValue("secret", webhook.secret()).addValue("at", Timestamp.from(webhook.createdAt())));
    }

    Optional<Webhook> find(UUID id) {
        return jdbc.query("select * from webhooks where id = :id", Map.of("id", id), WebhookStore::webhook).stream()
                .findFirst();
    }

    List<Webhook> list(ProjectScope scope, int page, int size) {
        return jdbc.query("select * from webhooks" + where(scope) + " order by created_at desc, id limit :size "
                + "offset :offset", params(scope).addValue("size", size).addValue("offset", (long) page * size),
                WebhookStore::webhook);
    }

    long count(ProjectScope scope) {
        return jdbc.queryForObject("select count(*) from webhooks" + where(scope), params(scope), Long.class);
    }

    /** The webhooks of {@code project} subscribed to {@code event}. */
    List<Webhook> subscribers(UUID project, WebhookEvent event) {
        return jdbc.query("select * from webhooks where project_id = :project", Map.of("project", project),
                WebhookStore::webhook).stream().filter(w -> w.events().contains(event)).toList();
    }

    void delete(UUID id) {
        jdbc.update("delete from webhooks where id = :id", Map.of("id", id));
    }

    void insert(Delivery delivery) {
        jdbc.update("insert into webhook_deliveries (id, webhook_id, event, payload, status, attempts, created_at, "
                + "next_attempt_at) values (:id, :webhook, :event, :payload, :status, 0, :at, :at)",
                new MapSqlParameterSource("id", delivery.id()).addValue("webhook", delivery.webhookId())
                        .addValue("event", delivery.event().json()).addValue("payload", delivery.payload())
                        .addValue("status", delivery.status().name())
                        .addValue("at", Timestamp.from(delivery.createdAt())));
    }

    Optional<Delivery> delivery(UUID id) {
        return jdbc.query("select * from webhook_deliveries where id = :id", Map.of("id", id), WebhookStore::delivery)
                .stream().findFirst();
    }

    List<Delivery> deliveries(UUID webhookId, int page, int size) {
        return jdbc.query("select * from webhook_deliveries where webhook_id = :webhook order by created_at desc, id "
                + "limit :size offset :offset", new MapSqlParameterSource("webhook", webhookId)
                .addValue("size", size).addValue("offset", (long) page * size), WebhookStore::delivery);
    }

    long countDeliveries(UUID webhookId) {
        return jdbc.queryForObject("select count(*) from webhook_deliveries where webhook_id = :webhook",
                Map.of("webhook", webhookId), Long.class);
    }

    List<Attempt> attempts(UUID deliveryId) {
        return jdbc.query("select * from webhook_attempts where delivery_id = :delivery order by attempt",
                Map.of("delivery", deliveryId), (rs, i) -> new Attempt(deliveryId, rs.getInt("attempt"),
                        rs.getTimestamp("at").toInstant(), (Integer) rs.getObject("status_code"),
                        rs.getString("error"), rs.getLong("duration_ms")));
    }

    /** Records an attempt and where the delivery stands after it. */
    void record(Attempt attempt, Status status, Instant nextAttemptAt) {
        var params = new MapSqlParameterSource("delivery", attempt.deliveryId()).addValue("attempt", attempt.attempt())
                .addValue("at", Timestamp.from(attempt.at())).addValue("code", attempt.statusCode())
                .addValue("error", attempt.error() == null ? null : truncate(attempt.error(), 2000))
                .addValue("duration", attempt.durationMs()).addValue("status", status.name())
                .addValue("next", nextAttemptAt == null ? null : Timestamp.from(nextAttemptAt))
                .addValue("finished", status == Status.PENDING ? null : Timestamp.from(attempt.at()));
        jdbc.update("insert into webhook_attempts (delivery_id, attempt, at, status_code, error, duration_ms) values "
                + "(:delivery, :attempt, :at, :code, :error, :duration)", params);
        jdbc.update("update webhook_deliveries set attempts = :attempt, status = :status, next_attempt_at = :next, "
                + "finished_at = :finished where id = :delivery", params);
    }

    private static String where(ProjectScope scope) {
        return scope.isAll() ? "" : " where project_id = :project";
    }

    private static MapSqlParameterSource params(ProjectScope scope) {
        return new MapSqlParameterSource("project", scope.project());
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    private static Webhook webhook(ResultSet rs, int row) throws SQLException {
        return new Webhook(rs.getObject("id", UUID.class), rs.getObject("project_id", UUID.class),
                rs.getString("url"), Arrays.stream(rs.getString("events").split(",")).filter(s -> !s.isBlank())
                .map(WebhookEvent::of).toList(), rs.getString("secret"), rs.getTimestamp("created_at").toInstant());
    }

    private static Delivery delivery(ResultSet rs, int row) throws SQLException {
        Timestamp next = rs.getTimestamp("next_attempt_at");
        Timestamp finished = rs.getTimestamp("finished_at");
        return new Delivery(rs.getObject("id", UUID.class), rs.getObject("webhook_id", UUID.class),
                WebhookEvent.of(rs.getString("event")), rs.getString("payload"), Status.valueOf(rs.getString("status")),
                rs.getInt("attempts"), rs.getTimestamp("created_at").toInstant(),
                next == null ? null : next.toInstant(), finished == null ? null : finished.toInstant());
    }
}
