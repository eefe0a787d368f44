package io.erstream.stream;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Not a test: a measurement, run with {@code -Derstream.probe=true}. Records/s of the whole topology in
 * TopologyTestDriver at d = 10 with and without labels, and changelog bytes per labelled record. TTD commits after
 * every record, so the changelog figure is the worst case (no coalescing across records).
 */
@EnabledIfSystemProperty(named = "erstream.probe", matches = "true")
class ThroughputProbe {

    private static final int D = 10;

    @TempDir
    Path dir;

    @Test
    void measure() {
        for (boolean persistent : new boolean[] {false, true}) {
            for (boolean labelled : new boolean[] {true, false}) {
                run(persistent, labelled, 20_000, 4);
            }
        }
    }

    private void run(boolean persistent, boolean labelled, int n, int keys) {
        List<byte[]> values = List.of(examples(5_000, D, labelled));
        String name = (persistent ? "rocks" : "mem") + (labelled ? "-learn" : "-score");
        try (Harness h = new Harness(dir.resolve(name), Harness.settings(), persistent)) {
            ByteArraySerializer ser = new ByteArraySerializer();
            TestInputTopic<byte[], byte[]> in = h.examples;
            byte[][] keyBytes = new byte[keys][];
            for (int k = 0; k < keys; k++) {
                keyBytes[k] = ("model-" + k).getBytes(StandardCharsets.UTF_8);
            }
            for (int i = 0; i < 2_000; i++) { // warm-up
                in.pipeInput(keyBytes[i % keys], values.get(i % values.size()));
            }
            drain(h);
            long start = System.nanoTime();
            long changelogBytes = 0;
            long changelogRecords = 0;
            for (int i = 0; i < n; i++) {
                in.pipeInput(keyBytes[i % keys], values.get(i % values.size()));
                if (i % 1000 == 999) {
                    h.predictions.readValuesToList();
                    for (KeyValue<byte[], byte[]> kv : h.changelog.readKeyValuesToList()) {
                        changelogBytes += kv.key.length + (kv.value == null ? 0 : kv.value.length);
                        changelogRecords++;
                    }
                    h.models.readValuesToList();
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            KeyedModel model = h.storedModel("model-0");
            System.out.printf("PROBE %-12s d=%d keys=%d: %,.0f records/s; changelog %d records, %.1f bytes per record"
                            + " (snapshot every %d updates, snapshot %d bytes, journal entry %d bytes)%n",
                    name, D, keys, n / seconds, changelogRecords, changelogBytes / (double) n,
                    model.snapshotEvery(), KeyedModelCodec.encode(model).length, JournalBlock.entrySize(D));
        }
    }

    private static void drain(Harness h) {
        h.predictions.readValuesToList();
        h.changelog.readValuesToList();
        h.models.readValuesToList();
    }

    /**
     * {@code n} seeded example values of {@code d} Gaussian features, labelled by a fixed hyperplane (or with a null
     * label): the probes' input.
     */
    static byte[][] examples(int n, int d, boolean labelled) {
        Random random = new Random(1);
        byte[][] values = new byte[n][];
        for (int i = 0; i < n; i++) {
            StringBuilder sb = new StringBuilder("{\"id\":\"r").append(i).append("\",\"features\":[");
            double s = 0;
            for (int k = 0; k < d; k++) {
                double v = random.nextGaussian();
                s += v * (k % 3 - 1);
                sb.append(k > 0 ? "," : "").append(v);
            }
            sb.append("],\"label\":").append(labelled ? (s > 0 ? "1" : "0") : "null").append('}');
            values[i] = sb.toString().getBytes(StandardCharsets.UTF_8);
        }
        return values;
    }
}
