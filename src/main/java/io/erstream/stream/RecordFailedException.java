package io.erstream.stream;

/**
 * A record failed inside erstream under {@code erstream.errors.record=fail}: the stream stops instead of
 * dead-lettering it. The uncaught exception handler recognises it (anywhere in the cause chain) and shuts the
 * client down rather than replacing the thread, which would only read the same record again.
 */
public final class RecordFailedException extends RuntimeException {

    public RecordFailedException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether {@code failure} or one of its causes is a {@link RecordFailedException}. */
    public static boolean causedBy(Throwable failure) {
        return Causes.contains(failure, RecordFailedException.class);
    }
}
