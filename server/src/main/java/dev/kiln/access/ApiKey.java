package dev.kiln.access;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * An API key as stored: never the key itself, only its lookup prefix and the SHA-256 of the whole key; the project
 * it belongs to (none: an admin key across projects), its scopes, when it expires, whether it was revoked, when it
 * was last used.
 */
@Entity
@Table(name = "api_keys")
public class ApiKey {
    @Id
    private UUID id;
    private String prefix;
    private String keyHash;
    private UUID projectId;
    private String scopes;
    private String name;
    private Instant createdAt;
    private Instant expiresAt;
    private Instant revokedAt;
    private Instant lastUsedAt;

    protected ApiKey() {}

    ApiKey(UUID id, String prefix, String keyHash, @Nullable UUID projectId, Set<KeyScope> scopes, @Nullable String name,
           Instant createdAt, @Nullable Instant expiresAt) {
        this.id = id;
        this.prefix = prefix;
        this.keyHash = keyHash;
        this.projectId = projectId;
        this.scopes = scopes.stream().map(KeyScope::json).sorted().collect(Collectors.joining(","));
        this.name = name;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
    }

    void revoke(Instant now) {
        if (revokedAt == null) {
            revokedAt = now;
        }
    }

    void used(Instant now) {
        lastUsedAt = now;
    }

    /** Why the key cannot be used at {@code now}, or null when it can. */
    @Nullable
    String unusable(Instant now) {
        if (revokedAt != null) {
            return "the key was revoked";
        }
        if (expiresAt != null && !now.isBefore(expiresAt)) {
            return "the key expired at " + expiresAt;
        }
        return null;
    }

    public UUID getId() {
        return id;
    }

    public String getPrefix() {
        return prefix;
    }

    String getKeyHash() {
        return keyHash;
    }

    @Nullable
    public UUID getProjectId() {
        return projectId;
    }

    public Set<KeyScope> getScopes() {
        Set<KeyScope> parsed = EnumSet.noneOf(KeyScope.class);
        Arrays.stream(scopes.split(",")).filter(s -> !s.isBlank())
                .forEach(s -> parsed.add(KeyScope.valueOf(s.toUpperCase(Locale.ROOT))));
        return parsed;
    }

    @Nullable
    public String getName() {
        return name;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    @Nullable
    public Instant getExpiresAt() {
        return expiresAt;
    }

    @Nullable
    public Instant getRevokedAt() {
        return revokedAt;
    }

    @Nullable
    public Instant getLastUsedAt() {
        return lastUsedAt;
    }
}
