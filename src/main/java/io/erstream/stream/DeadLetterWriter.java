package io.erstream.stream;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Writes {@code erstream.dead-letters} values:
 * <pre>{"reason","field","error","exception"?,"sourceTopic","sourcePartition","sourceOffset",
 *  "key","keyBytes","value","valueBytes","valueSha256","valueTruncated","timestamp"}</pre>
 * with the raw key and value in base64, so a fixed record can be replayed byte for byte.
 *
 * <p>A dead letter always fits its topic, whatever the record: the carried value is cut to
 * {@code erstream.dead-letters.max.value.bytes} (the original size and a SHA-256 of the whole value say what was
 * there), the key to {@code erstream.max.key.bytes}, the field path to {@value #MAX_FIELD_CHARS} characters and the
 * error to {@value #MAX_ERROR_CHARS}. {@link #maxSize} is the resulting bound, checked against the topic's
 * {@code max.message.bytes} at start-up.
 */
final class DeadLetterWriter {

    static final int MAX_FIELD_CHARS = 256;
    static final int MAX_ERROR_CHARS = 1024;
    /** Room for the field names, numbers, topic name and digest around the variable parts (generous). */
    private static final int FIXED_OVERHEAD = 1024;

    private final JsonOutput out = new JsonOutput();
    private final int maxKeyBytes;
    private final int maxValueBytes;

    DeadLetterWriter(int maxKeyBytes, int maxValueBytes) {
        this.maxKeyBytes = maxKeyBytes;
        this.maxValueBytes = maxValueBytes;
    }

    /**
     * The largest dead letter (record key + value) this writer produces for a source topic name of
     * {@code topicChars} characters. Strings are escaped by the JSON writer: a field or error character takes at
     * most 6 bytes ({@code \\uXXXX}).
     */
    static long maxSize(int maxKeyBytes, int maxValueBytes, int topicChars) {
        return maxKeyBytes + base64(maxKeyBytes) + base64(maxValueBytes) + 6L * MAX_FIELD_CHARS
                + 6L * (MAX_ERROR_CHARS + 1) + 6L * topicChars + 6L * 200 /* exception class */ + FIXED_OVERHEAD;
    }

    private static long base64(int bytes) {
        return 4L * ((bytes + 2) / 3);
    }

    /** The record key a dead letter is written under: the original one if it is not longer than the key limit. */
    byte[] recordKey(byte[] key) {
        return key != null && key.length <= maxKeyBytes ? key : null;
    }

    /** A dead letter for a record that failed validation. */
    byte[] write(BadRecordException problem, String topic, int partition, long offset, byte[] key, byte[] value,
                 long timestamp) {
        return write(problem.reason().code(), problem.field(), problem.getMessage(), null, topic, partition, offset,
                key, value, timestamp);
    }

    /** A dead letter for a record whose handling failed inside erstream with {@code failure}. */
    byte[] write(Throwable failure, String topic, int partition, long offset, byte[] key, byte[] value,
                 long timestamp) {
        return write(Reason.INTERNAL.code(), null, "erstream failed on this record: " + failure, failure.getClass()
                .getName(), topic, partition, offset, key, value, timestamp);
    }

    private byte[] write(String reason, String field, String error, String exception, String topic, int partition,
                         long offset, byte[] key, byte[] value, long timestamp) {
        try {
            JsonGenerator g = out.start();
            g.writeStartObject();
            g.writeStringField("reason", reason);
            g.writeStringField("field", cut(field, MAX_FIELD_CHARS));
            g.writeStringField("error", cut(error, MAX_ERROR_CHARS) + " (record " + topic + "-" + partition + "@"
                    + offset + ")");
            if (exception != null) {
                g.writeStringField("exception", cut(exception, 200));
            }
            g.writeStringField("sourceTopic", topic);
            g.writeNumberField("sourcePartition", partition);
            g.writeNumberField("sourceOffset", offset);
            g.writeStringField("key", key == null ? null : base64(key, maxKeyBytes));
            g.writeNumberField("keyBytes", key == null ? 0 : key.length);
            g.writeStringField("value", value == null ? null : base64(value, maxValueBytes));
            g.writeNumberField("valueBytes", value == null ? 0 : value.length);
            g.writeStringField("valueSha256", value == null ? null : sha256(value));
            g.writeBooleanField("valueTruncated", value != null && value.length > maxValueBytes);
            g.writeNumberField("timestamp", Math.max(0, timestamp));
            g.writeEndObject();
            return out.finish(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String base64(byte[] bytes, int limit) {
        return Base64.getEncoder().encodeToString(bytes.length <= limit ? bytes : Arrays.copyOf(bytes, limit));
    }

    /** At most {@code limit} characters of {@code text}, marked with an ellipsis when cut. */
    static String cut(String text, int limit) {
        if (text == null || text.length() <= limit) {
            return text;
        }
        int end = limit - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--; // never split a surrogate pair into an unpaired half
        }
        return text.substring(0, end) + "…";
    }

    private static String sha256(byte[] value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
