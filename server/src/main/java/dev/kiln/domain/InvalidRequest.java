package dev.kiln.domain;

import java.util.List;
import java.util.stream.Collectors;

/** A request that is well-formed but breaks a rule of the resource; answered with 422 and every violation. */
public class InvalidRequest extends RuntimeException {
    private final List<Violation> violations;
    private final java.util.Map<String, Object> properties = new java.util.LinkedHashMap<>();

    public InvalidRequest(List<Violation> violations) {
        super(violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
        this.violations = List.copyOf(violations);
    }

    public InvalidRequest(String field, String message) {
        this(List.of(new Violation(field, message)));
    }

    public List<Violation> violations() {
        return violations;
    }

    /** Adds a member to the problem document besides {@code errors} (RFC 9457 extension members). */
    public InvalidRequest with(String name, Object value) {
        properties.put(name, value);
        return this;
    }

    public java.util.Map<String, Object> properties() {
        return java.util.Collections.unmodifiableMap(properties);
    }
}
