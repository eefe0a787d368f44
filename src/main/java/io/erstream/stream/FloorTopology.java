package io.erstream.stream;

import java.nio.ByteBuffer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Per-key state in Kafka Streams and nothing else ({@code erstream capacity --topology floor}): erstream's sources,
 * sink names and model store, and per example one {@code get} and one {@code put} of a value the size of one journal
 * entry, but no model. Its throughput over many keys against a few is the ratio a per-key state would reach if its
 * updates cost nothing but the store's work as keys stop coalescing: the record cache, RocksDB, a changelog record for
 * every put, the broker storing them, and (when erstream reads a labels topic) Kafka Streams' per-record check of
 * the co-partitioned labels partition.
 *
 * <p>Labels are read, as erstream reads them, and otherwise ignored. A bad example is dead-lettered, as erstream
 * dead-letters it, and touches no state.
 *
 * <p>Without reads ({@link #build(StreamConfig, boolean)}), each example only puts: the cost of a state that is held
 * in memory and only logged, which reads the store for no example.
 */
public final class FloorTopology {

    static final String FLOOR = "floor";

    private FloorTopology() {
    }

    /** Reads erstream's inputs (examples, and labels if they have a topic); writes predictions and dead letters. */
    public static Topology build(StreamConfig config) {
        return build(config, true);
    }

    /** As {@link #build(StreamConfig)}; with {@code reads} false, no example reads its key's value (each counts 1). */
    public static Topology build(StreamConfig config, boolean reads) {
        ByteArraySerializer bytes = new ByteArraySerializer();
        Topology topology = new Topology();
        topology.addProcessor(FLOOR, () -> new Count(config, reads), ErstreamTopology.addInputs(topology, config));
        topology.addStateStore(ModelStore.builder(config.persistentStore()), FLOOR);
        topology.addSink(LearnProcessor.PREDICTIONS, config.predictionsTopic(), bytes, bytes, FLOOR);
        topology.addSink(LearnProcessor.DEAD_LETTERS, config.deadLettersTopic(), bytes, bytes, FLOOR);
        return topology;
    }

    /**
     * Keeps per key a count of its examples and the last one, {@code count u64 | timestamp u64 | label u64 |
     * features f64…}, padded to the bytes of a one-entry {@link JournalBlock} (109 at d = 10), under the record key.
     */
    private static final class Count implements Processor<byte[], byte[], byte[], byte[]> {

        private final StreamConfig config;
        private final boolean reads;
        private final ExampleParser parser;
        private final ParsedExample parsed = new ParsedExample();
        private final UninformedPrediction prediction;
        private final DeadLetterWriter deadLetters;
        private ProcessorContext<byte[], byte[]> context;
        private KeyValueStore<Bytes, byte[]> store;

        Count(StreamConfig config, boolean reads) {
            this.config = config;
            this.reads = reads;
            this.parser = new ExampleParser(config.maxFeatures());
            this.prediction = new UninformedPrediction(config.labels());
            this.deadLetters = new DeadLetterWriter(config.maxKeyBytes(), config.deadLetterValueBytes());
        }

        @Override
        public void init(ProcessorContext<byte[], byte[]> context) {
            this.context = context;
            this.store = context.getStateStore(ModelStore.NAME);
        }

        @Override
        public void process(Record<byte[], byte[]> record) {
            RecordMetadata source = context.recordMetadata().orElseThrow();
            if (ErstreamTopology.isLabel(source, config)) {
                return;
            }
            String key;
            try {
                key = LearnProcessor.modelKey(record, config);
                parser.parse(record.value(), parsed);
            } catch (BadRecordException problem) {
                context.forward(new Record<>(deadLetters.recordKey(record.key()), deadLetters.write(problem,
                        source.topic(), source.partition(), source.offset(), record.key(), record.value(),
                        record.timestamp()), record.timestamp()), LearnProcessor.DEAD_LETTERS);
                return;
            }
            Bytes storeKey = Bytes.wrap(record.key());
            byte[] before = reads ? store.get(storeKey) : null;
            store.put(storeKey, value(before == null ? 1 : ByteBuffer.wrap(before).getLong() + 1, record.timestamp()));
            byte[] value = prediction.write(parsed, key, source, context.currentSystemTimeMs() - record.timestamp());
            context.forward(new Record<>(record.key(), value, record.timestamp()), LearnProcessor.PREDICTIONS);
        }

        private byte[] value(long count, long timestamp) {
            ByteBuffer v = ByteBuffer.allocate(1 + JournalBlock.entrySize(parsed.count) + 4)
                    .putLong(count).putLong(timestamp).putLong(Double.doubleToRawLongBits(parsed.labelNumber));
            for (int i = 0; i < parsed.count; i++) {
                v.putDouble(parsed.values[i]);
            }
            return v.array();
        }
    }
}
