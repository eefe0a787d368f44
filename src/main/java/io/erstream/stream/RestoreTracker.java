package io.erstream.stream;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;

/**
 * Which store partitions are being restored from their changelogs right now. A model whose partition is restoring
 * exists but cannot be read yet: the HTTP layer answers 503 with {@code Retry-After} for it instead of a false 404,
 * and {@code /ready} stays 503 until nothing is restoring. Register it with
 * {@code KafkaStreams#setGlobalStateRestoreListener} before {@code start()}.
 */
public final class RestoreTracker implements StateRestoreListener {

    private final Set<TopicPartition> restoring = ConcurrentHashMap.newKeySet();

    @Override
    public void onRestoreStart(TopicPartition partition, String storeName, long startingOffset, long endingOffset) {
        restoring.add(partition);
    }

    @Override
    public void onBatchRestored(TopicPartition partition, String storeName, long batchEndOffset, long restored) {
    }

    @Override
    public void onRestoreEnd(TopicPartition partition, String storeName, long totalRestored) {
        restoring.remove(partition);
    }

    @Override
    public void onRestoreSuspended(TopicPartition partition, String storeName, long totalRestored) {
        restoring.remove(partition); // the task moved away or was closed: it is no longer this instance's to serve
    }

    /** Whether any store partition of this instance is restoring. */
    public boolean restoring() {
        return !restoring.isEmpty();
    }
}
