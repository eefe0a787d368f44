package io.erstream.stream;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The model key of a record key: Kafka keys are bytes, models are addressed by a string (in snapshots, over HTTP,
 * in metrics), and two different byte keys must never share a model. A key that is valid UTF-8 is its own text;
 * any other key (a serialised long, a UUID's 16 bytes, Latin-1 text) is written {@value #BINARY} followed by its
 * bytes in unpadded URL-safe base64 — and so is a UTF-8 key that itself starts with {@value #BINARY}, which keeps
 * the mapping one-to-one and reversible ({@link #bytes}). Decoding is strict: a replacement character never
 * stands in for a byte.
 */
public final class ModelKey {

    /** The prefix of a key written as base64 of its bytes. */
    public static final String BINARY = "~b64:";

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final ThreadLocal<CharsetDecoder> UTF8 = ThreadLocal.withInitial(() ->
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT));

    private ModelKey() {
    }

    /** The model key of record key {@code bytes} (not null, not empty). */
    public static String of(byte[] bytes) {
        if (!isAscii(bytes)) {
            String text = strictUtf8(bytes);
            return text == null || text.startsWith(BINARY) ? BINARY + ENCODER.encodeToString(bytes) : text;
        }
        String text = new String(bytes, StandardCharsets.ISO_8859_1); // ASCII: the fast, allocation-light path
        return text.startsWith(BINARY) ? BINARY + ENCODER.encodeToString(bytes) : text;
    }

    /** The record key bytes of model key {@code key}: the inverse of {@link #of}. */
    public static byte[] bytes(String key) {
        if (key.startsWith(BINARY)) {
            return Base64.getUrlDecoder().decode(key.substring(BINARY.length()));
        }
        return key.getBytes(StandardCharsets.UTF_8);
    }

    /** Whether {@code key} is a model key that {@link #of} can produce (so {@code of(bytes(key))} is {@code key}). */
    public static boolean valid(String key) {
        if (key.isEmpty()) {
            return false;
        }
        try {
            return of(bytes(key)).equals(key);
        } catch (IllegalArgumentException e) {
            return false; // not base64 after the prefix
        }
    }

    private static boolean isAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    private static String strictUtf8(byte[] bytes) {
        try {
            return UTF8.get().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
