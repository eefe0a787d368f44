package io.erstream.stream;

import io.erstream.learn.WarmStart;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Every model this instance stores, read from the state store on demand (Kafka Streams' interactive queries):
 * what queries answer for a key whose model is not live — evicted from the cache, or not touched since a restart —
 * without pulling it into the learning cache. A read decodes the snapshot and replays the journal like a restore;
 * it may run while the stream thread writes, and then sees the model a few updates earlier, never a wrong one.
 *
 * <p>{@link #keys} pages through the models in store order: by the length of the key's UTF-8 bytes, then by those
 * bytes ({@link #STORE_ORDER}); a page continues after the last key of the previous one.
 */
public final class StoredModels {

    /** The order of model keys in the store, and of {@link #keys}' pages. */
    public static final Comparator<String> STORE_ORDER = Comparator
            .comparingInt((String key) -> key.getBytes(StandardCharsets.UTF_8).length)
            .thenComparing(key -> key.getBytes(StandardCharsets.UTF_8), java.util.Arrays::compareUnsigned);

    /**
     * A copy of one store partition that may be behind: a standby's, or an active task's while it restores or its
     * thread rebalances. Reading it can give a model a few updates old, never a wrong one.
     */
    public record Copy(int partition, Supplier<ReadOnlyKeyValueStore<Bytes, byte[]>> store) {
    }

    /** A model read from a {@link Copy}: possibly behind the active task's, by its partition's changelog lag. */
    public record StaleModel(ModelView view, int partition) {
    }

    private final Supplier<ReadOnlyKeyValueStore<Bytes, byte[]>> all;
    private final IntFunction<ReadOnlyKeyValueStore<Bytes, byte[]>> active;
    private final Supplier<List<ReadOnlyKeyValueStore<Bytes, byte[]>>> partitions;
    private final Supplier<List<Copy>> copies;
    private final WarmStart warmStart;

    /**
     * @param all        every local store as one (a key is in at most one of them)
     * @param partitions the local stores one by one (each is sorted; together they are not)
     * @param warmStart  the configured warm start, which warm-started snapshots are decoded against, or null
     */
    public StoredModels(Supplier<ReadOnlyKeyValueStore<Bytes, byte[]>> all,
                        Supplier<List<ReadOnlyKeyValueStore<Bytes, byte[]>>> partitions, WarmStart warmStart) {
        this(all, partitions, List::of, warmStart);
    }

    /** As above, with the copies {@link #findStale} reads while the active stores cannot be read. */
    public StoredModels(Supplier<ReadOnlyKeyValueStore<Bytes, byte[]>> all,
                        Supplier<List<ReadOnlyKeyValueStore<Bytes, byte[]>>> partitions, Supplier<List<Copy>> copies,
                        WarmStart warmStart) {
        this(all, partition -> all.get(), partitions, copies, warmStart);
    }

    /**
     * As above, with {@code active}: the active store of one partition, which throws
     * {@link InvalidStateStoreException} unless this instance runs that partition's task with its store restored.
     */
    public StoredModels(Supplier<ReadOnlyKeyValueStore<Bytes, byte[]>> all,
                        IntFunction<ReadOnlyKeyValueStore<Bytes, byte[]>> active,
                        Supplier<List<ReadOnlyKeyValueStore<Bytes, byte[]>>> partitions, Supplier<List<Copy>> copies,
                        WarmStart warmStart) {
        this.all = all;
        this.active = active;
        this.partitions = partitions;
        this.copies = copies;
        this.warmStart = warmStart;
    }

    /** No store: an HTTP API in front of no stream application finds nothing stored. */
    public static StoredModels none() {
        return new StoredModels(() -> null, List::of, List::of, null);
    }

    /** The models stored by this instance of {@code streams}. */
    public static StoredModels of(KafkaStreams streams, WarmStart warmStart) {
        return new StoredModels(
                () -> streams.store(StoreQueryParameters.fromNameAndType(ModelStore.NAME,
                        QueryableStoreTypes.<Bytes, byte[]>keyValueStore())),
                partition -> streams.store(StoreQueryParameters.fromNameAndType(ModelStore.NAME,
                        QueryableStoreTypes.<Bytes, byte[]>keyValueStore()).withPartition(partition)),
                () -> localPartitions(streams).stream().map(p -> streams.store(StoreQueryParameters.fromNameAndType(
                        ModelStore.NAME, QueryableStoreTypes.<Bytes, byte[]>keyValueStore()).withPartition(p)))
                        .toList(),
                () -> copies(streams),
                warmStart);
    }

    /**
     * The model of {@code key} as this instance stores it, or empty if it stores none.
     *
     * @throws InvalidStateStoreException while the store cannot be read (starting, rebalancing, restoring): the
     *                                    honest answer is then "retry", not "not found"
     */
    public Optional<ModelView> find(String key) {
        return find(key, OptionalInt.empty());
    }

    /**
     * As {@link #find(String)}, in the active store of {@code partition} when given: the key's partition by the
     * metadata. A task that is assigned here but not yet running (being created, restoring, or recycled from a
     * standby) throws instead of finding nothing, so that its models are never reported missing.
     *
     * @throws InvalidStateStoreException while that store cannot be read
     */
    public Optional<ModelView> find(String key, OptionalInt partition) {
        ReadOnlyKeyValueStore<Bytes, byte[]> store = partition.isPresent() ? active.apply(partition.getAsInt())
                : all.get();
        if (store == null) {
            return Optional.empty();
        }
        ModelLoader.Loaded loaded = new ModelLoader(store, warmStart, false).load(key);
        return loaded == null ? Optional.empty() : Optional.of(new ModelView(loaded.model()));
    }

    /**
     * The model of {@code key} from any copy this instance holds, active or standby, current or not: what a query
     * is answered with while the active store cannot be read (a rebalance, a restore) or its owner is gone. Empty
     * when no copy here holds the key; a copy that cannot be read at the moment is passed over.
     */
    public Optional<StaleModel> findStale(String key) {
        for (Copy copy : copies.get()) {
            ModelLoader.Loaded loaded;
            try {
                ReadOnlyKeyValueStore<Bytes, byte[]> store = copy.store().get();
                loaded = store == null ? null : new ModelLoader(store, warmStart, false).load(key);
            } catch (InvalidStateStoreException | IllegalStateException e) {
                continue; // closed, migrated or not yet initialised: another copy, or none
            }
            if (loaded != null) {
                return Optional.of(new StaleModel(new ModelView(loaded.model()), copy.partition()));
            }
        }
        return Optional.empty();
    }

    /**
     * Up to {@code limit} keys of models stored on this instance that come after {@code after} (null: from the
     * first) in {@link #STORE_ORDER}.
     *
     * @throws InvalidStateStoreException while a store cannot be read
     */
    public List<String> keys(String after, int limit) {
        TreeSet<String> page = new TreeSet<>(STORE_ORDER);
        Bytes from = after == null ? null : Bytes.wrap(ByteBuffer.allocate(4 + after.getBytes(StandardCharsets.UTF_8)
                .length + 1).putInt(after.getBytes(StandardCharsets.UTF_8).length)
                .put(after.getBytes(StandardCharsets.UTF_8)).put((byte) 0xFF).array());
        for (ReadOnlyKeyValueStore<Bytes, byte[]> store : partitions.get()) {
            int found = 0;
            try (KeyValueIterator<Bytes, byte[]> range = from == null ? store.all() : store.range(from, null)) {
                while (range.hasNext() && found < limit) {
                    String key = ModelStore.snapshotKeyName(range.next().key.get());
                    if (key != null) {
                        page.add(key);
                        found++;
                    }
                }
            }
        }
        List<String> keys = new ArrayList<>(limit);
        for (String key : page) {
            if (keys.size() == limit) {
                break;
            }
            keys.add(key);
        }
        return keys;
    }

    /** Every task's store on this instance, standbys included, read with stale stores enabled. */
    private static List<Copy> copies(KafkaStreams streams) {
        Set<Integer> held = new TreeSet<>();
        try {
            streams.metadataForLocalThreads().forEach(thread -> {
                thread.activeTasks().forEach(task -> held.add(task.taskId().partition()));
                thread.standbyTasks().forEach(task -> held.add(task.taskId().partition()));
            });
        } catch (IllegalStateException | InvalidStateStoreException notRunning) { // starting or shutting down
            return List.of();
        }
        return held.stream().map(p -> new Copy(p, () -> streams.store(StoreQueryParameters.fromNameAndType(
                ModelStore.NAME, QueryableStoreTypes.<Bytes, byte[]>keyValueStore()).enableStaleStores()
                .withPartition(p)))).toList();
    }

    /** The input partitions of this instance's active tasks: one store each. */
    private static Set<Integer> localPartitions(KafkaStreams streams) {
        Set<Integer> partitions = new TreeSet<>();
        streams.metadataForLocalThreads().forEach(thread -> thread.activeTasks().forEach(task ->
                task.topicPartitions().stream().map(TopicPartition::partition).forEach(partitions::add)));
        return partitions;
    }
}
