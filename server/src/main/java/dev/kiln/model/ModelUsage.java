package dev.kiln.model;

import java.util.Optional;
import java.util.UUID;

/** Implemented by modules that refer to model definitions, so that one in use cannot be deleted. */
public interface ModelUsage {
    /** Why the model definition cannot be deleted now, or empty. */
    Optional<String> blockingModelUse(UUID modelId);
}
