package dev.kiln.webhook;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/**
 * What a webhook can be told: a run succeeded, failed, was cancelled, finished an epoch; a study completed, failed or was
 * cancelled — or a test delivery.
 */
public enum WebhookEvent {
    RUN_SUCCEEDED("run.succeeded"),
    RUN_FAILED("run.failed"),
    RUN_CANCELLED("run.cancelled"),
    RUN_EPOCH("run.epoch"),
    STUDY_COMPLETED("study.completed"),
    STUDY_FAILED("study.failed"),
    STUDY_CANCELLED("study.cancelled"),
    /** Sent by {@code POST /webhooks/{id}/test} only; not subscribable. */
    WEBHOOK_TEST("webhook.test");

    private final String json;

    WebhookEvent(String json) {
        this.json = json;
    }

    @JsonValue
    public String json() {
        return json;
    }

    /** A subscribable event by its name. */
    public static Optional<WebhookEvent> subscribable(String name) {
        return Arrays.stream(values()).filter(e -> e != WEBHOOK_TEST && e.json.equals(name)).findFirst();
    }

    public static WebhookEvent of(String name) {
        return Arrays.stream(values()).filter(e -> e.json.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no webhook event " + name));
    }
}
