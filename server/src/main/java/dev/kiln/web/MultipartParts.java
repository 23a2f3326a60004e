package dev.kiln.web;

import dev.kiln.domain.InvalidRequest;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.web.multipart.MultipartFile;

/** The parts of a multipart request that must come once: a second one is refused, never silently ignored. */
public final class MultipartParts {
    private MultipartParts() {}

    /** The one part named {@code name}, or null when there is none; 422 naming it when there are several. */
    public static @Nullable MultipartFile single(@Nullable List<MultipartFile> parts, String name) {
        if (parts == null || parts.isEmpty()) {
            return null;
        }
        if (parts.size() > 1) {
            throw new InvalidRequest(name, "send one part named '" + name + "', not " + parts.size());
        }
        return parts.get(0);
    }
}
