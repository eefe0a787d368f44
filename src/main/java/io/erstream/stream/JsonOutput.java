package io.erstream.stream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;

/** A reusable JSON output buffer for one writer on one stream thread: one byte[] copy per record, nothing else. */
final class JsonOutput {

    /** Writing doubles with Ryu-style shortest representation (same text round-trips to the same bits). */
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .build();

    private final ByteArrayBuilder buffer = new ByteArrayBuilder(512);

    /** A generator writing into the (reset) buffer; finish with {@link #finish}. */
    JsonGenerator start() {
        buffer.reset();
        try {
            return JSON.createGenerator(buffer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    byte[] finish(JsonGenerator g) {
        try {
            g.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    /** Writes a double, or null for NaN/infinite (JSON has no literal for them). */
    static void number(JsonGenerator g, String field, double v) throws IOException {
        if (Double.isFinite(v)) {
            g.writeNumberField(field, v);
        } else {
            g.writeNullField(field);
        }
    }
}
