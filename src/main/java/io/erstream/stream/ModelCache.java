package io.erstream.stream;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The heap budget for live models ({@code erstream.models.cache.bytes}), shared by every task of an instance, and
 * what the cache did. The store is the home of a model; the heap only caches it: a {@link ModelStore} that goes
 * over the budget evicts its least recently used models, which costs no write (everything a model learnt is in
 * its snapshot and journal already), and a miss loads the model from the store by the same path as a restore.
 *
 * <p>One budget for all tasks, not one per task: tasks come and go with rebalances, and a busy task should use
 * what an idle one does not. Counters are for metrics and benchmarks; they are read from other threads.
 */
public final class ModelCache {

    private final long capacity;
    private final AtomicLong used = new AtomicLong();
    private final AtomicLong models = new AtomicLong();
    private final AtomicLong stored = new AtomicLong();
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder loads = new LongAdder();
    private final LongAdder evictions = new LongAdder();
    private final LongAdder loadNanos = new LongAdder();

    /** @param capacity bytes of heap the live models of all tasks may take together (estimated per model) */
    public ModelCache(long capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("cache capacity must be positive, got " + capacity);
        }
        this.capacity = capacity;
    }

    /** An unbounded cache: every model stays live (tests and tools that measure the bound against it). */
    public static ModelCache unbounded() {
        return new ModelCache(Long.MAX_VALUE);
    }

    /**
     * Heap a live model takes, estimated from its snapshot size: the learner's matrices are in both, and the live
     * model adds its scratch buffers and the drift detector's objects; its cache entry adds its journal buffer, key
     * bytes and map entry (about 0.5 KB). The factor is measured, not derived: {@code ModelMemoryProbe} gives
     * 3,559 bytes for a live model with the default drift detector and a 1,518-byte snapshot at d = 10 (2.3 ×). Views
     * are few and bounded ({@link ModelViews#MAX_VIEWS}), so they are not counted per model.
     */
    static long estimate(int snapshotBytes, int journalBytes) {
        return 5L * snapshotBytes / 2 + journalBytes + 512;
    }

    void added(long bytes) {
        used.addAndGet(bytes);
        models.incrementAndGet();
    }

    void removed(long bytes) {
        used.addAndGet(-bytes);
        models.decrementAndGet();
    }

    boolean over() {
        return used.get() > capacity;
    }

    void storedChanged(long delta) {
        stored.addAndGet(delta);
    }

    void hit() {
        hits.increment();
    }

    void miss() {
        misses.increment();
    }

    void loaded(long nanos) {
        loads.increment();
        loadNanos.add(nanos);
    }

    void evicted() {
        evictions.increment();
    }

    public long capacity() {
        return capacity;
    }

    /** Estimated bytes of the live models now. */
    public long usedBytes() {
        return used.get();
    }

    /** Live models now. */
    public long liveModels() {
        return models.get();
    }

    /** Models in the stores of this instance's tasks (those that counted theirs: every task that took a record). */
    public long storedModels() {
        return stored.get();
    }

    public long hits() {
        return hits.sum();
    }

    /** Look-ups of a key that was not live (a new key, or one loaded from the store). */
    public long misses() {
        return misses.sum();
    }

    /** Models loaded from the store (snapshot + journal replay). */
    public long loads() {
        return loads.sum();
    }

    public long evictions() {
        return evictions.sum();
    }

    /** Total time spent loading models from the store. */
    public long loadNanos() {
        return loadNanos.sum();
    }
}
