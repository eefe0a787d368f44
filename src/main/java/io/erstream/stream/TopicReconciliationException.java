package io.erstream.stream;

/** The cluster could not be read or changed (unreachable, timed out, not authorised...). */
public final class TopicReconciliationException extends RuntimeException {

    public TopicReconciliationException(String message, Throwable cause) {
        super(message, cause);
    }
}
