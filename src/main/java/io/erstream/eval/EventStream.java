package io.erstream.eval;

/** A generated stream of {@code erstream.examples} values, for evaluating the application's own reading of them. */
public interface EventStream {

    /** Draws the next record; false at the end of the stream. */
    boolean next();

    /** The current record, as the JSON value a producer would send. */
    byte[] event();
}
