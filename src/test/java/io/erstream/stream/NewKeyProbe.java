package io.erstream.stream;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Not a test: a measurement, run with {@code -Derstream.probe=true -Dtest=NewKeyProbe}. What a new key costs the
 * stream thread, apart from the broker, the collector, the JIT and the other threads that make {@code capacity}'s
 * ratio noisy: erstream's real topology in TopologyTestDriver with both many-key settings, alternating blocks of
 * d = 10 labelled examples under 10 known keys and under keys never seen before. Thread CPU per example, medians
 * over the blocks; the difference is the stream thread's cost of a new key: its model built and encoded, its
 * store writes and their changelog records (serialised by the driver's producer), its place in the model cache,
 * and the metrics record an evicted model still owes. Also the records each kind writes per example.
 *
 * <p>The model cache is 16 MiB (about 3,800 models), so that new models evict older ones from the second block on;
 * {@code -Derstream.probe.cache.bytes} sets another. The store is in memory: the driver commits after every
 * record, which flushes a RocksDB store each time ({@code -Derstream.probe.rocksdb=true} measures that anyway).
 */
@EnabledIfSystemProperty(named = "erstream.probe", matches = "true")
class NewKeyProbe {

    private static final int D = 10;
    private static final boolean PERSISTENT = Boolean.getBoolean("erstream.probe.rocksdb");
    private static final long CACHE_BYTES = Long.getLong("erstream.probe.cache.bytes", 16L << 20);
    private static final int BLOCK = 20_000;
    private static final int BLOCKS = Integer.getInteger("erstream.probe.blocks", 9);

    @TempDir
    Path dir;

    @Test
    void measure() {
        byte[][] values = ThroughputProbe.examples(5_000, D, true);
        Properties settings = Harness.settings("erstream.models.interval.ms", "0", "statestore.cache.max.bytes", "0",
                "erstream.models.cache.bytes", Long.toString(CACHE_BYTES));
        StreamConfig config = StreamConfig.fromProperties(settings, Map.of());
        Properties props = config.streamsProperties();
        props.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (TopologyTestDriver driver = new TopologyTestDriver(ErstreamTopology.build(config, new ModelViews(),
                LearningEvents.NONE, PERSISTENT, LearningFault.NONE, new ModelCache(config.modelsCacheBytes()), null),
                props, Harness.START)) {
            ByteArraySerializer out = new ByteArraySerializer();
            TestInputTopic<byte[], byte[]> input = driver.createInputTopic(config.examplesTopic(), out, out,
                    Harness.START, Duration.ofMillis(1));
            ByteArrayDeserializer in = new ByteArrayDeserializer();
            TestOutputTopic<?, ?>[] outputs = {driver.createOutputTopic(config.predictionsTopic(), in, in),
                driver.createOutputTopic(config.metricsTopic(), in, in),
                driver.createOutputTopic(config.deadLettersTopic(), in, in),
                driver.createOutputTopic(config.applicationId() + "-" + ModelStore.NAME + "-changelog", in, in)};
            byte[][] known = new byte[10][];
            for (int k = 0; k < known.length; k++) {
                known[k] = ("known-" + k).getBytes(StandardCharsets.UTF_8);
            }
            long[] fresh = {0};
            double[] knownMicros = new double[BLOCKS];
            double[] newMicros = new double[BLOCKS];
            long[] newRecords = new long[outputs.length]; // predictions, metrics, dead letters, changelog
            long[] knownRecords = new long[outputs.length];
            int next = 0;
            for (int b = -2; b < BLOCKS; b++) { // two blocks of each to warm up
                for (int kind = 0; kind < 2; kind++) {
                    boolean newKeys = (kind == 0) == (b % 2 == 0);
                    long start = threads.getCurrentThreadCpuTime();
                    for (int i = 0; i < BLOCK; i++) {
                        byte[] key = newKeys ? ("new-" + fresh[0]++).getBytes(StandardCharsets.UTF_8)
                                : known[i % known.length];
                        input.pipeInput(key, values[next++ % values.length]);
                    }
                    double micros = (threads.getCurrentThreadCpuTime() - start) / 1e3 / BLOCK;
                    for (int t = 0; t < outputs.length; t++) {
                        int records = outputs[t].readRecordsToList().size();
                        if (b >= 0) {
                            (newKeys ? newRecords : knownRecords)[t] += records;
                        }
                    }
                    if (b >= 0) {
                        (newKeys ? newMicros : knownMicros)[b] = micros;
                    }
                }
            }
            double known10 = median(knownMicros);
            double fresh1 = median(newMicros);
            System.out.printf(Locale.ROOT, "PROBE new keys: %.1f µs of stream-thread CPU per example, known keys: %.1f;"
                    + " a new key costs %.1f µs more (medians of %d blocks of %,d; per block: new %s, known %s)%n",
                    fresh1, known10, fresh1 - known10, BLOCKS, BLOCK, format(newMicros), format(knownMicros));
            System.out.printf(Locale.ROOT, "PROBE records per example (predictions, metrics, dead letters, changelog):"
                    + " new keys %s, known keys %s%n", perExample(newRecords), perExample(knownRecords));
        }
    }

    private static String perExample(long[] records) {
        StringBuilder sb = new StringBuilder();
        for (long r : records) {
            sb.append(sb.isEmpty() ? "" : " / ").append(String.format(Locale.ROOT, "%.2f", r / (double) BLOCKS / BLOCK));
        }
        return sb.toString();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String format(double[] values) {
        StringBuilder sb = new StringBuilder();
        for (double v : values) {
            sb.append(sb.isEmpty() ? "" : " ").append(String.format(Locale.ROOT, "%.1f", v));
        }
        return sb.toString();
    }
}
