package dev.kiln.access;

import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An authenticated caller: the key it used, the project that key belongs to (none for an admin key, which works in
 * every project) and the key's scopes.
 */
public record Caller(UUID keyId, @Nullable UUID projectId, Set<KeyScope> scopes) {

    public boolean isAdmin() {
        return scopes.contains(KeyScope.ADMIN);
    }
}
