package io.erstream.stream;

/**
 * The configuration cannot work with what is stored or declared (e.g. models made from another warm start). A
 * replaced stream thread would meet the same problem, so the uncaught exception handler stops the client; the
 * message is one line naming the setting to change.
 */
public final class StartupException extends RuntimeException {

    public StartupException(String message) {
        super(message);
    }

    /** Whether {@code failure} or one of its causes is a {@link StartupException}. */
    public static boolean causedBy(Throwable failure) {
        return Causes.contains(failure, StartupException.class);
    }
}
