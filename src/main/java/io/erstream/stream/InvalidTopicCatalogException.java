package io.erstream.stream;

/** A topic catalog that cannot be used; the message names the source, the topic and the field. */
public final class InvalidTopicCatalogException extends RuntimeException {

    public InvalidTopicCatalogException(String message) {
        super(message);
    }

    public InvalidTopicCatalogException(String message, Throwable cause) {
        super(message, cause);
    }
}
