package io.erstream.cli;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Utils;

/**
 * Model keys for {@code bench} that the default partitioner spreads evenly over the partitions, so that neither
 * topology is measured on one hot partition (which would measure the key hash, not the application).
 */
final class BenchKeys {

    private BenchKeys() {
    }

    /** {@code count} keys "model-i", at most ⌈count / partitions⌉ per partition. */
    static List<String> balanced(int count, int partitions) {
        int perPartition = (count + partitions - 1) / partitions;
        int[] used = new int[partitions];
        List<String> keys = new ArrayList<>();
        for (int i = 0; keys.size() < count; i++) {
            String key = "model-" + i;
            int partition = partition(key, partitions);
            if (used[partition] < perPartition) {
                used[partition]++;
                keys.add(key);
            }
        }
        return keys;
    }

    /** The partition the producer's default partitioner picks for a keyed record. */
    static int partition(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
