package dev.kiln.domain;

/** The addressed resource does not exist; answered with 404. */
public class NotFound extends RuntimeException {
    public NotFound(String kind, Object id) {
        super("no " + kind + " with id " + id);
    }

    /** Something else is missing; {@code message} says what. */
    public NotFound(String message) {
        super(message);
    }
}
