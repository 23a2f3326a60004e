package dev.kiln.domain;

/** One reason a request was refused: the JSON path or parameter it concerns, and why. */
public record Violation(String field, String message) {
    @Override
    public String toString() {
        return field == null || field.isEmpty() ? message : field + ": " + message;
    }
}
