package io.erstream.stream;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * The baseline erstream is measured against ({@code erstream bench}): the same source, serdes and
 * {@link ExampleParser}, and one JSON value per record of a prediction's shape, but no model and no state store. The
 * gap between the two is what learning, journalling and the changelog cost; everything else (the broker, Kafka
 * Streams, transactions, JSON in and out) is common to both.
 */
public final class PassThroughTopology {

    private PassThroughTopology() {
    }

    /** Reads {@code config.examplesTopic()}, writes {@code config.predictionsTopic()}. */
    public static Topology build(StreamConfig config) {
        ByteArraySerializer bytes = new ByteArraySerializer();
        Topology topology = new Topology();
        topology.addSource(ErstreamTopology.SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(),
                config.examplesTopic());
        topology.addProcessor("pass-through", () -> new Echo(config), ErstreamTopology.SOURCE);
        topology.addSink(LearnProcessor.PREDICTIONS, config.predictionsTopic(), bytes, bytes, "pass-through");
        return topology;
    }

    /** Parses like {@link LearnProcessor} and answers a constant, uninformed prediction. */
    private static final class Echo implements Processor<byte[], byte[], byte[], byte[]> {

        private final ExampleParser parser;
        private final ParsedExample parsed = new ParsedExample();
        private final List<String> labels;
        private final JsonOutput out = new JsonOutput();
        private ProcessorContext<byte[], byte[]> context;

        Echo(StreamConfig config) {
            this.parser = new ExampleParser(config.maxFeatures());
            this.labels = config.labels();
        }

        @Override
        public void init(ProcessorContext<byte[], byte[]> context) {
            this.context = context;
        }

        @Override
        public void process(Record<byte[], byte[]> record) {
            RecordMetadata source = context.recordMetadata().orElseThrow();
            String key = new String(record.key(), StandardCharsets.UTF_8);
            parser.parse(record.value(), parsed);
            byte[] value = write(key, source, context.currentSystemTimeMs() - record.timestamp());
            context.forward(new Record<>(record.key(), value, record.timestamp()));
        }

        private byte[] write(String key, RecordMetadata source, long latencyMs) {
            try {
                JsonGenerator g = out.start();
                g.writeStartObject();
                g.writeStringField("id", parsed.id);
                g.writeStringField("model", key);
                g.writeStringField("prediction", labels.get(0));
                g.writeObjectFieldStart("probabilities");
                double total = labels.size() * (labels.size() + 1) / 2.0; // 1/3, 2/3: full-length doubles
                for (int k = 0; k < labels.size(); k++) {
                    g.writeNumberField(labels.get(k), (k + 1) / total);
                }
                g.writeEndObject();
                if (parsed.labelKind == ParsedExample.LabelKind.INTEGER) {
                    g.writeFieldName("label");
                    g.writeNumber(parsed.labelText);
                } else if (parsed.labelled()) {
                    g.writeStringField("label", parsed.labelText);
                }
                g.writeNumberField("modelVersion", 0L);
                g.writeNumberField("sourcePartition", source.partition());
                g.writeNumberField("sourceOffset", source.offset());
                g.writeNumberField("latencyMs", Math.max(0, latencyMs));
                g.writeEndObject();
                return out.finish(g);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
