package io.erstream.http;

import io.erstream.stream.ModelStore;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.LagInfo;

/**
 * How many changelog records each local copy of the model store is behind, for the {@code "lag"} of a stale answer.
 * Kafka Streams measures it with a broker round trip ({@link KafkaStreams#allLocalStorePartitionLags()}) that blocks
 * while the broker is away, which is exactly when stale answers are given; so it is measured in the background, at
 * most once a second and only while someone asks, and a query reads the last measurement without waiting.
 */
public final class StoreLags {

    private static final long MAX_AGE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Supplier<Map<Integer, Long>> measure;
    private final AtomicBoolean measuring = new AtomicBoolean();
    private volatile Map<Integer, Long> last = Map.of();
    private volatile long measuredAt;
    private volatile boolean measured;
    private ExecutorService worker; // guarded by this; started on the first question

    /** @param measure the current lag of each local store partition (may block, may throw) */
    StoreLags(Supplier<Map<Integer, Long>> measure) {
        this.measure = measure;
    }

    /** The lags of the model store's partitions on this instance of {@code streams}. */
    public static StoreLags of(KafkaStreams streams) {
        return new StoreLags(() -> {
            Map<Integer, Long> lags = new HashMap<>();
            Map<Integer, LagInfo> store = streams.allLocalStorePartitionLags().getOrDefault(ModelStore.NAME, Map.of());
            store.forEach((partition, info) -> lags.put(partition, info.offsetLag()));
            return lags;
        });
    }

    /** No stream application: nothing is ever behind, and nothing is known. */
    public static StoreLags none() {
        return new StoreLags(Map::of);
    }

    /**
     * The last measured lag of {@code partition}'s copy here, empty if none was measured yet; asks for a new
     * measurement when the last is more than a second old.
     */
    public OptionalLong lag(int partition) {
        if (!measured || System.nanoTime() - measuredAt > MAX_AGE_NANOS) {
            remeasure();
        }
        Long lag = last.get(partition);
        return lag == null ? OptionalLong.empty() : OptionalLong.of(lag);
    }

    private void remeasure() {
        if (!measuring.compareAndSet(false, true)) {
            return; // one measurement at a time
        }
        worker().execute(() -> {
            try {
                last = Map.copyOf(measure.get());
                measuredAt = System.nanoTime();
                measured = true;
            } catch (RuntimeException e) {
                // not running, or the broker is away: keep the last measurement, try again on the next question
            } finally {
                measuring.set(false);
            }
        });
    }

    private synchronized ExecutorService worker() {
        if (worker == null) {
            worker = Executors.newSingleThreadExecutor(task -> {
                Thread thread = new Thread(task, "erstream-store-lags");
                thread.setDaemon(true);
                return thread;
            });
        }
        return worker;
    }
}
