package dev.kiln.webhook.web;

import dev.kiln.web.PageQuery;
import dev.kiln.web.Paged;
import dev.kiln.webhook.Webhooks;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/webhooks")
@Tag(name = "Webhooks", description = "Be told when runs end or finish epochs: signed POSTs, retried until received")
class WebhookController {
    private static final Set<String> SORTABLE = Set.of("createdAt");
    private static final String SIGNING = """
            Each delivery is a POST of `{"id", "event", "createdAt", "run": {…as GET /runs/{id}…}}` with headers \
            `Kiln-Event`, `Kiln-Delivery` and `Kiln-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, \
            "<t>.<raw body>")>`; verify v1 over the raw body and reject an old t. A delivery is retried with \
            exponential backoff (kiln.webhooks.initial-backoff, doubling, up to kiln.webhooks.max-attempts) until \
            the receiver answers 2xx; the queue is in the database, so deliveries survive a restart. Only http(s) \
            URLs to public addresses (unless kiln.webhooks.allow-private-targets=true); redirects are not followed.""";

    private final Webhooks webhooks;

    WebhookController(Webhooks webhooks) {
        this.webhooks = webhooks;
    }

    @Schema(description = "A webhook to register")
    record RegisterWebhook(
            @Schema(description = "where to POST deliveries (http or https)", example = "https://hooks.example.com/kiln")
            @Nullable String url,
            @Schema(description = "the events to deliver: run.succeeded, run.failed, run.cancelled, run.epoch, study.completed, "
                    + "study.failed, study.cancelled")
            @Nullable List<String> events,
            @Schema(description = "the HMAC key deliveries are signed with (16 to 200 characters); left out, Kiln "
                    + "generates one and shows it in this answer only")
            @Nullable @Size(max = 200) String secret) {}

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "registerWebhook", summary = "Register a webhook", description = SIGNING)
    @ApiResponse(responseCode = "201", description = "Registered; the secret is shown only when Kiln generated it",
            headers = @io.swagger.v3.oas.annotations.headers.Header(name = "Location", description = "the webhook's URL",
                    schema = @Schema(type = "string")))
    ResponseEntity<Webhooks.View> register(@Valid @RequestBody RegisterWebhook body) {
        var view = webhooks.register(body.url(), body.events(), body.secret());
        return ResponseEntity.created(URI.create("/api/v1/webhooks/" + view.id())).body(view);
    }

    @GetMapping
    @Operation(operationId = "listWebhooks", summary = "The project's webhooks, newest first",
            description = "Each with its URL and events; secrets are never listed.")
    @ApiResponse(responseCode = "200", description = "One page of webhooks")
    Paged<Webhooks.View> list(@ParameterObject @Valid PageQuery page) {
        return Paged.of(webhooks.list(page.pageable(SORTABLE)), v -> v);
    }

    @GetMapping("/{id}")
    @Operation(operationId = "getWebhook", summary = "A webhook",
            description = "Its URL, events and creation time; its secret is never shown again.")
    @ApiResponse(responseCode = "200", description = "The webhook")
    Webhooks.View get(@PathVariable UUID id) {
        return webhooks.get(id);
    }

    @DeleteMapping("/{id}")
    @Operation(operationId = "deleteWebhook", summary = "Remove a webhook and its deliveries",
            description = "Deliveries not yet sent are dropped; a delivery being sent at that moment may still arrive.")
    @ApiResponse(responseCode = "204", description = "Removed; deliveries not yet sent are dropped")
    ResponseEntity<Void> delete(@PathVariable UUID id) {
        webhooks.delete(id);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/{id}/deliveries")
    @Operation(operationId = "listWebhookDeliveries", summary = "A webhook's deliveries, newest first",
            description = "Each with its status (PENDING, DELIVERED, FAILED), the time of its next attempt and the "
                    + "log of its attempts: when, the receiver's status code (none when it could not be reached), the "
                    + "error, how long it took.")
    @ApiResponse(responseCode = "200", description = "One page of deliveries")
    Paged<Webhooks.DeliveryView> deliveries(@PathVariable UUID id, @ParameterObject @Valid PageQuery page) {
        return Paged.of(webhooks.deliveries(id, page.pageable(SORTABLE)), v -> v);
    }

    @PostMapping("/{id}/test")
    @Operation(operationId = "testWebhook", summary = "Send a test delivery",
            description = "Queues a `webhook.test` delivery, signed and retried like any other; follow it in the "
                    + "webhook's deliveries.")
    @ApiResponse(responseCode = "202", description = "Queued")
    ResponseEntity<Webhooks.DeliveryView> test(@PathVariable UUID id) {
        return ResponseEntity.accepted().body(webhooks.test(id));
    }
}
