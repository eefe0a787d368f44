package io.erstream.eval;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits one CSV line into fields (RFC 4180 style): commas separate fields, a field starting with
 * a double quote runs to the matching quote and may contain commas, and {@code ""} inside it is a
 * quote. Quoted fields spanning lines are not supported. Unquoted fields are trimmed.
 */
final class CsvFields {
    private CsvFields() {
    }

    static List<String> split(String line, Path file, long lineNumber) {
        List<String> fields = new ArrayList<>();
        int i = 0;
        while (true) {
            int column = fields.size() + 1;
            if (i < line.length() && line.charAt(i) == '"') {
                StringBuilder value = new StringBuilder();
                i = readQuoted(line, i + 1, value, file, lineNumber, column);
                fields.add(value.toString());
            } else {
                int comma = line.indexOf(',', i);
                int end = comma < 0 ? line.length() : comma;
                fields.add(line.substring(i, end).trim());
                i = end;
            }
            if (i >= line.length()) {
                return fields;
            }
            if (line.charAt(i) != ',') {
                throw DataFormatException.atCell(file, lineNumber, column, "field " + column,
                        "unexpected character after closing quote");
            }
            i++;
        }
    }

    /** Reads a quoted field's content from {@code start}; returns the index after the closing quote. */
    private static int readQuoted(String line, int start, StringBuilder value, Path file,
            long lineNumber, int column) {
        int i = start;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c != '"') {
                value.append(c);
                i++;
            } else if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                value.append('"');
                i += 2;
            } else {
                return i + 1;
            }
        }
        throw DataFormatException.atCell(file, lineNumber, column, "field " + column,
                "unterminated quoted field (fields spanning lines are not supported)");
    }
}
