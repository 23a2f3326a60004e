package dev.kiln.dataset;

/** An image upload Kiln refuses as a whole; {@code field} names the request part, the message says why. */
final class ImageFormatException extends RuntimeException {
    private final String field;

    ImageFormatException(String field, String message) {
        super(message);
        this.field = field;
    }

    String field() {
        return field;
    }
}
