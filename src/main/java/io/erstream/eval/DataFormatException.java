package io.erstream.eval;

import java.nio.file.Path;

/**
 * A data file that cannot be read as a dataset. The message is one line naming the file and the
 * place in it (line and column for CSV, byte offset for IDX) so the user can fix the file.
 */
public final class DataFormatException extends RuntimeException {

    /** Creates an exception with a ready-made one-line message. */
    public DataFormatException(String message) {
        super(message);
    }

    /** Creates an exception with a ready-made one-line message and its cause. */
    public DataFormatException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A problem at a cell of a text table: {@code file line L, column C (name): problem}. */
    static DataFormatException atCell(Path file, long line, int column, String columnName,
            String problem) {
        return new DataFormatException(file + " line " + line + ", column " + column + " ("
                + columnName + "): " + problem);
    }

    /** A problem with a whole line of a text table: {@code file line L: problem}. */
    static DataFormatException atLine(Path file, long line, String problem) {
        return new DataFormatException(file + " line " + line + ": " + problem);
    }

    /** A problem in a binary file: {@code file at byte B: problem}. */
    static DataFormatException atByte(Path file, long offset, String problem) {
        return new DataFormatException(file + " at byte " + offset + ": " + problem);
    }
}
