package io.erstream.http;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Model keys taken from a raw URL path, decoded as RFC 3986 percent-encoding of UTF-8. Not {@code URLDecoder}: that
 * decodes HTML form data, where {@code +} means a space, so a key such as {@code a+b} would not round-trip. A key
 * containing {@code /}, {@code +}, spaces or non-ASCII characters is reachable by percent-encoding it. An
 * unencoded character counts as the byte it arrived as (the JDK server reads the request line one byte per char).
 */
final class PathKeys {

    private PathKeys() {
    }

    /** The decoded text, or empty when {@code raw} has a malformed {@code %} escape or is not valid UTF-8. */
    static Optional<String> decode(String raw) {
        ByteBuffer bytes = ByteBuffer.allocate(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    return Optional.empty();
                }
                int high = Character.digit(raw.charAt(i + 1), 16);
                int low = Character.digit(raw.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return Optional.empty();
                }
                bytes.put((byte) (high << 4 | low));
                i += 2;
            } else if (c <= 0xFF) {
                bytes.put((byte) c); // the JDK server reads the request line one byte per char
            } else {
                return Optional.empty();
            }
        }
        bytes.flip();
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /** {@code text} as a path segment or query value: UTF-8, every byte but unreserved characters percent-encoded. */
    static String encode(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || c == '-' || c == '.' || c == '_' || c == '~')) {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return out.toString();
    }
}
