package dev.kiln.domain;

import java.time.Duration;

/** A limit on how much a caller may ask for in a while was reached; answered with 429 and Retry-After. */
public class TooManyRequests extends RuntimeException {
    private final Duration retryAfter;

    public TooManyRequests(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
