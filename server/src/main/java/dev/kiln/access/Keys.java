package dev.kiln.access;

import dev.kiln.domain.Conflict;
import dev.kiln.domain.InvalidRequest;
import dev.kiln.domain.Names;
import dev.kiln.domain.NotFound;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * API keys: made ({@code kiln_<prefix>_<secret>}, 256 random bits of secret), shown once, stored as the prefix
 * (for lookup) and the SHA-256 of the whole key, compared in constant time; revoked; listed without their secret.
 */
@Service
public class Keys {
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

    private final ApiKeyRepository keys;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<UUID, Instant> touched = new ConcurrentHashMap<>();

    Keys(ApiKeyRepository keys, PlatformTransactionManager transactionManager, Clock clock) {
        this.keys = keys;
        this.transactions = new TransactionTemplate(transactionManager);
        this.clock = clock;
    }

    /** A new key and its secret, which exists nowhere else once this answer is gone. */
    public record Created(ApiKey key, String secret) {}

    /**
     * Makes a key for {@code projectId} (null: an admin key across projects) with {@code scopes}; an admin key must
     * have the admin scope and nothing but an admin key may.
     */
    public Created create(@Nullable UUID projectId, Set<KeyScope> scopes, @Nullable String name,
                          @Nullable Instant expiresAt) {
        if (scopes.isEmpty()) {
            throw new InvalidRequest("scopes", "name at least one of read, write, admin, metrics");
        }
        if (projectId != null && scopes.contains(KeyScope.ADMIN)) {
            throw new InvalidRequest("scopes", "admin keys work across projects; create one without a project");
        }
        if (projectId == null && !scopes.contains(KeyScope.ADMIN)) {
            throw new InvalidRequest("project", "a key needs a project unless it is an admin key");
        }
        if (expiresAt != null && !expiresAt.isAfter(clock.instant())) {
            throw new InvalidRequest("expiresAt", "must be in the future");
        }
        String cleanName = name == null || name.isBlank() ? null : Names.clean(name, 200, "name");
        String prefix = token(12);
        String secret = "kiln_" + prefix + "_" + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(bytes(32));
        ApiKey key = new ApiKey(UUID.randomUUID(), prefix, hash(secret), projectId, scopes, cleanName, clock.instant(),
                expiresAt);
        return new Created(transactions.execute(status -> keys.save(key)), secret);
    }

    /** The caller a presented key stands for, or why it stands for none. */
    public record Authentication(@Nullable Caller caller, @Nullable String refusal) {}

    public Authentication authenticate(String presented) {
        String[] parts = presented.split("_", 3);
        if (parts.length != 3 || !parts[0].equals("kiln") || parts[1].length() != 12) {
            return new Authentication(null, "the bearer token is not a Kiln API key (kiln_…)");
        }
        Optional<ApiKey> found = keys.findByPrefix(parts[1]);
        byte[] expected = found.map(k -> HexFormat.of().parseHex(k.getKeyHash())).orElse(new byte[32]);
        if (!MessageDigest.isEqual(expected, HexFormat.of().parseHex(hash(presented))) || found.isEmpty()) {
            return new Authentication(null, "unknown API key");
        }
        ApiKey key = found.get();
        Instant now = clock.instant();
        String unusable = key.unusable(now);
        if (unusable != null) {
            return new Authentication(null, unusable);
        }
        Instant last = touched.get(key.getId());
        if (last == null || Duration.between(last, now).compareTo(TOUCH_EVERY) > 0) {
            touched.put(key.getId(), now);
            transactions.executeWithoutResult(status -> keys.touch(key.getId(), now));
        }
        return new Authentication(new Caller(key.getId(), key.getProjectId(), key.getScopes()), null);
    }

    /** Revokes a key; the last working admin key stays, or no one could manage Kiln any more (409). */
    public void revoke(UUID id) {
        transactions.executeWithoutResult(status -> {
            ApiKey key = keys.findById(id).orElseThrow(() -> new NotFound("key", id));
            Instant now = clock.instant();
            if (key.getProjectId() == null && key.unusable(now) == null && keys.findByProjectIdIsNullAndRevokedAtIsNull()
                    .stream().filter(k -> k.unusable(now) == null).count() == 1) {
                throw new Conflict("this is the last working admin key; create another admin key before revoking it");
            }
            key.revoke(now);
        });
    }

    public Page<ApiKey> list(@Nullable UUID projectId, Pageable page) {
        return projectId == null ? keys.findAll(page)
                : keys.findAll((root, query, cb) -> cb.equal(root.get("projectId"), projectId), page);
    }

    public ApiKey get(UUID id) {
        return keys.findById(id).orElseThrow(() -> new NotFound("key", id));
    }

    boolean any() {
        return keys.count() > 0;
    }

    static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private String token(int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return s.toString();
    }
}
