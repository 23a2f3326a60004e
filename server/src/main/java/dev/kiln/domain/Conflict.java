package dev.kiln.domain;

/** The request conflicts with the current state of a resource (in use, already finished); answered with 409. */
public class Conflict extends RuntimeException {
    public Conflict(String message) {
        super(message);
    }
}
