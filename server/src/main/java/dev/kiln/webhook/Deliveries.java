package dev.kiln.webhook;

import dev.kiln.run.Run;
import dev.kiln.run.RunActivity;
import dev.kiln.run.RunHistory;
import dev.kiln.run.RunStatus;
import dev.kiln.run.web.RunResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a run's events into deliveries for the webhooks of its project that subscribe to them — in the transaction
 * that records the event, so that none is lost — and sends them: one signed POST per attempt, retried with
 * exponential backoff until the receiver answers 2xx or the attempts run out.
 */
@Component
class Deliveries {
    private static final Logger log = LoggerFactory.getLogger(Deliveries.class);

    private final WebhookStore store;
    private final WebhookQueue queue;
    private final RunHistory runs;
    private final WebhookSettings settings;
    private final JsonMapper json;
    private final Clock clock;
    private final HttpClient http;

    Deliveries(WebhookStore store, WebhookQueue queue, RunHistory runs, WebhookSettings settings, JsonMapper json,
               Clock clock) {
        this.store = store;
        this.queue = queue;
        this.runs = runs;
        this.settings = settings;
        this.json = json;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @EventListener
    void on(RunActivity activity) {
        WebhookEvent event = null;
        if (activity instanceof RunActivity.StatusChanged s && s.status().isFinal()) {
            event = s.status() == RunStatus.SUCCEEDED ? WebhookEvent.RUN_SUCCEEDED
                    : s.status() == RunStatus.FAILED ? WebhookEvent.RUN_FAILED : WebhookEvent.RUN_CANCELLED;
        } else if (activity instanceof RunActivity.EpochRecorded) {
            event = WebhookEvent.RUN_EPOCH;
        }
        if (event == null) {
            return;
        }
        Run run = runs.find(activity.runId()).orElse(null);
        if (run == null) {
            return;
        }
        List<WebhookStore.Webhook> subscribers = store.subscribers(run.getProjectId(), event);
        if (subscribers.isEmpty()) {
            return;
        }
        Map<String, Object> content = Map.of("run", RunResponse.from(runs.get(run.getId())));
        for (WebhookStore.Webhook webhook : subscribers) {
            enqueue(webhook, event, content);
        }
    }

    /** A study ended: its subscribers get the study's outcome and its best trial. */
    @EventListener
    void on(dev.kiln.study.StudyFinished finished) {
        WebhookEvent event = switch (finished.status()) {
            case COMPLETED -> WebhookEvent.STUDY_COMPLETED;
            case CANCELLED -> WebhookEvent.STUDY_CANCELLED;
            default -> WebhookEvent.STUDY_FAILED;
        };
        List<WebhookStore.Webhook> subscribers = store.subscribers(finished.projectId(), event);
        if (subscribers.isEmpty()) {
            return;
        }
        Map<String, Object> study = new LinkedHashMap<>();
        study.put("id", finished.studyId());
        study.put("name", finished.name());
        study.put("status", finished.status());
        study.put("reason", finished.reason());
        if (finished.bestTrial() != null) {
            study.put("bestTrial", Map.of("number", finished.bestTrial(), "runId", finished.bestRunId(),
                    "objective", finished.bestObjective()));
        }
        for (WebhookStore.Webhook webhook : subscribers) {
            enqueue(webhook, event, Map.of("study", study));
        }
    }

    /** Records a delivery of {@code event} with {@code content} to {@code webhook} and queues it. */
    WebhookStore.Delivery enqueue(WebhookStore.Webhook webhook, WebhookEvent event, Map<String, Object> content) {
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("id", id);
        payload.put("event", event.json());
        payload.put("createdAt", now.toString());
        payload.putAll(content);
        var delivery = new WebhookStore.Delivery(id, webhook.id(), event, json.writeValueAsString(payload),
                WebhookStore.Status.PENDING, 0, now, now, null);
        store.insert(delivery);
        queue.schedule(id);
        return delivery;
    }

    /** One attempt at a delivery; returns when to try again, or empty when it is done (delivered or given up). */
    Optional<Instant> attempt(UUID deliveryId) {
        var delivery = store.delivery(deliveryId).orElse(null);
        if (delivery == null || delivery.status() != WebhookStore.Status.PENDING) {
            return Optional.empty();
        }
        var webhook = store.find(delivery.webhookId()).orElse(null);
        if (webhook == null) {
            return Optional.empty(); // deleted with its deliveries
        }
        int attempt = delivery.attempts() + 1;
        Instant at = clock.instant();
        long start = System.nanoTime();
        Integer code = null;
        String error = TargetCheck.refusal(webhook.url(), settings.allowPrivateTargets()).orElse(null);
        if (error == null) {
            try {
                HttpResponse<String> answer = http.send(request(webhook, delivery, at), HttpResponse.BodyHandlers
                        .ofString());
                code = answer.statusCode();
                if (code / 100 != 2) {
                    error = "the receiver answered " + code;
                }
            } catch (java.io.IOException e) {
                error = "could not reach the receiver: " + e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                error = "interrupted while sending";
            }
        }
        long took = (System.nanoTime() - start) / 1_000_000;
        var attempted = new WebhookStore.Attempt(deliveryId, attempt, at, code, error, took);
        if (error == null) {
            store.record(attempted, WebhookStore.Status.DELIVERED, null);
            return Optional.empty();
        }
        if (attempt >= settings.maxAttempts()) {
            log.info("Webhook {}: delivery {} given up after {} attempts: {}", webhook.id(), deliveryId, attempt, error);
            store.record(attempted, WebhookStore.Status.FAILED, null);
            return Optional.empty();
        }
        Instant next = clock.instant().plus(settings.backoff(attempt));
        store.record(attempted, WebhookStore.Status.PENDING, next);
        return Optional.of(next);
    }

    private HttpRequest request(WebhookStore.Webhook webhook, WebhookStore.Delivery delivery, Instant at) {
        long seconds = at.getEpochSecond();
        return HttpRequest.newBuilder(URI.create(webhook.url())).timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "Kiln-Webhooks")
                .header("Kiln-Event", delivery.event().json())
                .header("Kiln-Delivery", delivery.id().toString())
                .header("Kiln-Signature", Signature.header(webhook.secret(), seconds, delivery.payload()))
                .POST(HttpRequest.BodyPublishers.ofString(delivery.payload())).build();
    }
}
