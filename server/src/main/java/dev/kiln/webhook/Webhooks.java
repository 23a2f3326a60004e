package dev.kiln.webhook;

import dev.kiln.access.Tenancy;
import dev.kiln.domain.InvalidRequest;
import dev.kiln.domain.NotFound;
import dev.kiln.domain.Violation;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The module's entry point: registers a project's webhooks (checking where they point), lists them with their
 * deliveries and attempts, removes them, and sends a test delivery. Another project's webhooks do not exist for the
 * caller.
 */
@Service
@EnableConfigurationProperties(WebhookSettings.class)
public class Webhooks {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final WebhookStore store;
    private final Deliveries deliveries;
    private final Tenancy tenancy;
    private final WebhookSettings settings;
    private final TransactionTemplate transactions;
    private final Clock clock;

    Webhooks(WebhookStore store, Deliveries deliveries, Tenancy tenancy, WebhookSettings settings,
             PlatformTransactionManager transactionManager, Clock clock) {
        this.store = store;
        this.deliveries = deliveries;
        this.tenancy = tenancy;
        this.settings = settings;
        this.transactions = new TransactionTemplate(transactionManager);
        this.clock = clock;
    }

    /** A webhook as shown: never its secret, except {@code secret} once, when Kiln generated it. */
    public record View(UUID id, String url, List<String> events, java.time.Instant createdAt, String secret) {}

    /** A delivery as shown, with its attempts. */
    public record DeliveryView(UUID id, String event, String status, int attempts, java.time.Instant createdAt,
                               java.time.Instant nextAttemptAt, java.time.Instant finishedAt,
                               List<AttemptView> attemptLog) {}

    public record AttemptView(int attempt, java.time.Instant at, Integer statusCode, String error, long durationMs) {}

    /** Registers a webhook; {@code secret} null: Kiln generates one and shows it in this answer only. */
    public View register(String url, List<String> events, String secret) {
        List<Violation> violations = new ArrayList<>();
        if (url == null || url.isBlank()) {
            violations.add(new Violation("url", "give the http(s) URL to deliver to"));
        } else if (url.length() > 2000) {
            violations.add(new Violation("url", "at most 2000 characters"));
        } else {
            TargetCheck.refusal(url.strip(), settings.allowPrivateTargets())
                    .ifPresent(why -> violations.add(new Violation("url", why)));
        }
        Set<WebhookEvent> subscribed = new LinkedHashSet<>();
        if (events == null || events.isEmpty()) {
            violations.add(new Violation("events", "subscribe to at least one of " + names()));
        } else {
            for (int i = 0; i < events.size(); i++) {
                String name = events.get(i);
                var event = name == null ? java.util.Optional.<WebhookEvent>empty() : WebhookEvent.subscribable(name);
                if (event.isEmpty()) {
                    violations.add(new Violation("events[" + i + "]", "'" + name + "' is not an event; one of "
                            + names()));
                } else {
                    subscribed.add(event.get());
                }
            }
        }
        if (secret != null && (secret.length() < 16 || secret.length() > 200)) {
            violations.add(new Violation("secret", "16 to 200 characters (or leave it out and Kiln generates one)"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequest(violations);
        }
        String key = secret != null ? secret : HexFormat.of().formatHex(bytes(32));
        var webhook = new WebhookStore.Webhook(UUID.randomUUID(), tenancy.projectForNew(), url.strip(),
                List.copyOf(subscribed), key, clock.instant());
        store.insert(webhook);
        return new View(webhook.id(), webhook.url(), webhook.events().stream().map(WebhookEvent::json).toList(),
                webhook.createdAt(), secret == null ? key : null);
    }

    public Page<View> list(Pageable page) {
        var scope = tenancy.scope();
        List<View> views = store.list(scope, page.getPageNumber(), page.getPageSize()).stream().map(Webhooks::view)
                .toList();
        return new PageImpl<>(views, page, store.count(scope));
    }

    public View get(UUID id) {
        return view(visible(id));
    }

    public void delete(UUID id) {
        visible(id);
        store.delete(id);
    }

    public Page<DeliveryView> deliveries(UUID id, Pageable page) {
        visible(id);
        List<DeliveryView> views = store.deliveries(id, page.getPageNumber(), page.getPageSize()).stream()
                .map(this::view).toList();
        return new PageImpl<>(views, page, store.countDeliveries(id));
    }

    /** Queues a {@code webhook.test} delivery to the webhook, as any other, and returns it. */
    public DeliveryView test(UUID id) {
        var webhook = visible(id);
        var delivery = transactions.execute(status -> deliveries.enqueue(webhook, WebhookEvent.WEBHOOK_TEST,
                Map.of("webhook", Map.of("id", webhook.id(), "url", webhook.url(), "events", webhook.events()))));
        return view(delivery);
    }

    private WebhookStore.Webhook visible(UUID id) {
        return store.find(id).filter(w -> tenancy.scope().allows(w.projectId()))
                .orElseThrow(() -> new NotFound("webhook", id));
    }

    private static View view(WebhookStore.Webhook w) {
        return new View(w.id(), w.url(), w.events().stream().map(WebhookEvent::json).toList(), w.createdAt(), null);
    }

    private DeliveryView view(WebhookStore.Delivery d) {
        return new DeliveryView(d.id(), d.event().json(), d.status().name(), d.attempts(), d.createdAt(),
                d.status() == WebhookStore.Status.PENDING ? d.nextAttemptAt() : null, d.finishedAt(),
                store.attempts(d.id()).stream().map(a -> new AttemptView(a.attempt(), a.at(), a.statusCode(),
                        a.error(), a.durationMs())).toList());
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private static String names() {
        return String.join(", ", java.util.Arrays.stream(WebhookEvent.values())
                .filter(e -> e != WebhookEvent.WEBHOOK_TEST).map(WebhookEvent::json).toList());
    }
}
