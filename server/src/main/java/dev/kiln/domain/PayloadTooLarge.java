package dev.kiln.domain;

/** An upload over the configured limit; answered with 413. */
public class PayloadTooLarge extends RuntimeException {
    public PayloadTooLarge(String message) {
        super(message);
    }
}
