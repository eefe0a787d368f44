package io.erstream.stream;

/**
 * An input record that cannot be used, with the reason and the offending field. Thrown before anything touches a
 * model; carries no stack trace because it is an expected outcome, not a bug, and may be frequent.
 */
public final class BadRecordException extends RuntimeException {

    private final Reason reason;
    private final String field;

    public BadRecordException(Reason reason, String field, String message) {
        super(message, null, false, false);
        this.reason = reason;
        this.field = field;
    }

    public Reason reason() {
        return reason;
    }

    /** The offending field as a path ({@code features[3]}, {@code features.age}, {@code label}), or null. */
    public String field() {
        return field;
    }
}
