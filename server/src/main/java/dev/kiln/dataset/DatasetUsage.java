package dev.kiln.dataset;

import java.util.Optional;
import java.util.UUID;

/**
 * Implemented by modules that refer to datasets, so that a dataset in use cannot be deleted. The
 * dataset module depends only on this interface, never on its users.
 */
public interface DatasetUsage {
    /** Why the dataset cannot be deleted now (for example "run … is RUNNING on it"), or empty. */
    Optional<String> blockingUse(UUID datasetId);
}
