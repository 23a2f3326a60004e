package dev.kiln.dataset;

/** The content is not CSV Kiln can read; the message says where and why. */
final class CsvFormatException extends RuntimeException {
    CsvFormatException(String message) {
        super(message);
    }
}
