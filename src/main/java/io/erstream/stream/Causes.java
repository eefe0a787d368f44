package io.erstream.stream;

/** A failure's cause chain, searched once here for every exception type that decides how a failure is handled. */
final class Causes {

    private Causes() {
    }

    /** Whether {@code failure} or one of its causes is a {@code type}. */
    static boolean contains(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
