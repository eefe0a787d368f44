package io.erstream.stream;

import java.nio.charset.StandardCharsets;
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
        private final UninformedPrediction prediction;
        private ProcessorContext<byte[], byte[]> context;

        Echo(StreamConfig config) {
            this.parser = new ExampleParser(config.maxFeatures());
            this.prediction = new UninformedPrediction(config.labels());
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
            byte[] value = prediction.write(parsed, key, source, context.currentSystemTimeMs() - record.timestamp());
            context.forward(new Record<>(record.key(), value, record.timestamp()));
        }
    }
}
