package dev.kiln.domain;

/** A query or path parameter that cannot be used (an unknown sort field, a page past the limit); answered with 400. */
public class InvalidParameter extends InvalidRequest {
    public InvalidParameter(String parameter, String message) {
        super(parameter, message);
    }
}
