package dev.kiln.access;

import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What the current caller may see: one project's resources, or every project's (an admin key, security switched
 * off, or Kiln's own work — a worker training a run has no caller).
 */
public record ProjectScope(@Nullable UUID project) {
    public static final ProjectScope ALL = new ProjectScope(null);

    public boolean isAll() {
        return project == null;
    }

    /** Whether a resource of {@code owner} is visible; another project's resources do not exist for the caller. */
    public boolean allows(UUID owner) {
        return project == null || project.equals(owner);
    }
}
