package io.erstream.learn;

/** Bytes that are not a model this version can load: foreign, truncated, corrupt or from a newer format. */
public final class ModelFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ModelFormatException(String message) {
        super(message);
    }
}
