package io.erstream.stream;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;

/**
 * Writes {@code erstream.dead-letters} values:
 * <pre>{"reason","field","error","sourceTopic","sourcePartition","sourceOffset","key","value","timestamp"}</pre>
 * with the raw key and value in base64, so a fixed record can be replayed byte for byte. The error names the
 * field and the record as {@code topic-partition@offset}.
 */
final class DeadLetterWriter {

    private final JsonOutput out = new JsonOutput();

    byte[] write(BadRecordException problem, String topic, int partition, long offset, byte[] key, byte[] value,
                 long timestamp) {
        try {
            JsonGenerator g = out.start();
            g.writeStartObject();
            g.writeStringField("reason", problem.reason().code());
            g.writeStringField("field", problem.field());
            g.writeStringField("error", problem.getMessage() + " (record " + topic + "-" + partition + "@" + offset
                    + ")");
            g.writeStringField("sourceTopic", topic);
            g.writeNumberField("sourcePartition", partition);
            g.writeNumberField("sourceOffset", offset);
            g.writeStringField("key", key == null ? null : Base64.getEncoder().encodeToString(key));
            g.writeStringField("value", value == null ? null : Base64.getEncoder().encodeToString(value));
            g.writeNumberField("timestamp", Math.max(0, timestamp));
            g.writeEndObject();
            return out.finish(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
