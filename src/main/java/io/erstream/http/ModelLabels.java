package io.erstream.http;

import java.util.Arrays;

/**
 * Maps a model key to the meters that carry its {@code model} label, keeping at most {@code topN} keys
 * named and sending every other key to one shared {@code other} bucket, so that a topic with
 * 10,000 keys still gives a dashboard at most {@code topN + 1} series per metric.
 *
 * <p><b>Choice of algorithm.</b> Keys are counted with the <i>space-saving</i> algorithm (Metwally,
 * Agrawal, El Abbadi 2005) over a fixed number of slots ({@code capacity}, a few times {@code topN}):
 * a key not being counted takes over the least-counted slot and inherits its count plus one. Any key
 * more frequent than {@code 1/capacity} of the traffic is guaranteed to hold a slot, the memory is
 * fixed, and each call is one hash probe plus a short heap sift. Plain "first N seen" alone would keep
 * the first N keys named forever; exact counting of every key would grow with the key space. So:
 * <ul>
 *   <li>until the first re-rank, a new key is named at once while fewer than {@code topN} are (a
 *       deployment with at most {@code topN} models never sees {@code other}); afterwards labels
 *       change only at re-ranks, so a random newcomer cannot grab a label a busy key just lost;</li>
 *   <li>every {@code rerankEvery} calls the slots are re-ranked by guaranteed count (count minus the
 *       count inherited on taking over a slot, so a newcomer cannot outrank a key on borrowed counts):
 *       the {@code topN} highest are named, where a named key's count counts double. That hysteresis stops two similar keys from
 *       swapping labels at every re-rank (each swap removes and recreates series). After re-ranking,
 *       all counts are halved, so "busiest" means busiest recently, not since start-up.</li>
 * </ul>
 * Demotions happen before promotions, so the number of named keys never exceeds {@code topN}.
 *
 * <p><b>Cost.</b> Slots and the open-addressing index are allocated up front and reused: in steady
 * state {@link #resolve} allocates nothing. Only promotions (binding new meters) allocate. The
 * structure is guarded by one lock: uncontended locking costs tens of nanoseconds, small beside
 * learning one example, and Kafka Streams runs only a few stream threads.
 *
 * @param <M> what a label resolves to (the meters of one label)
 */
final class ModelLabels<M> {

    /** Creates and releases the meters of a named key. */
    interface Binder<M> {
        /** Meters labelled with this key; called when the key becomes named. */
        M bind(String key);

        /** Releases meters obtained from {@link #bind} when their key stops being named. */
        void unbind(M meters);
    }

    private static final class Slot<M> {
        String key;
        int hash;
        long count;
        long error;     // count inherited from the evicted key: count - error is a guaranteed lower bound
        int heapIndex;
        boolean named;
        M meters;
    }

    private final int topN;
    private final int rerankEvery;
    private final Binder<M> binder;
    private final M other;
    private final Slot<M>[] heap;      // min-heap by count over the slots in use
    private final Slot<M>[] table;     // open addressing, linear probing, by key
    private final Slot<M>[] ranking;   // scratch for re-ranking
    private final int mask;
    private int used;
    private int named;
    private int calls;
    private boolean reranked;

    /**
     * @param topN        how many keys get their own label (at least 0)
     * @param capacity    how many keys are counted (at least {@code topN}, at least 1)
     * @param rerankEvery calls between re-rankings (at least 1)
     * @param binder      creates and releases named meters
     * @param other       the meters of the {@code other} bucket
     */
    @SuppressWarnings("unchecked")
    ModelLabels(int topN, int capacity, int rerankEvery, Binder<M> binder, M other) {
        if (topN < 0 || capacity < Math.max(1, topN) || rerankEvery < 1) {
            throw new IllegalArgumentException("need 0 <= topN <= capacity, capacity >= 1, rerankEvery >= 1; was "
                    + topN + ", " + capacity + ", " + rerankEvery);
        }
        this.topN = topN;
        this.rerankEvery = rerankEvery;
        this.binder = binder;
        this.other = other;
        this.heap = new Slot[capacity];
        this.ranking = new Slot[capacity];
        this.table = new Slot[Integer.highestOneBit(capacity * 2 - 1) << 1];
        this.mask = table.length - 1;
        for (int i = 0; i < capacity; i++) {
            heap[i] = new Slot<>();
        }
    }

    /** The meters for this key: its own if it is named, else the {@code other} bucket's. */
    synchronized M resolve(String key) {
        if (key == null) {
            return other;
        }
        Slot<M> slot = countedSlot(key);
        if (++calls >= rerankEvery) {
            calls = 0;
            rerank();
        }
        return slot.meters;
    }

    /** How many keys currently have their own label. */
    synchronized int namedCount() {
        return named;
    }

    /** Whether this key currently has its own label. */
    synchronized boolean isNamed(String key) {
        int at = find(key, spread(key.hashCode()));
        return at >= 0 && table[at].named;
    }

    private Slot<M> countedSlot(String key) {
        int hash = spread(key.hashCode());
        int at = find(key, hash);
        if (at >= 0) {
            Slot<M> slot = table[at];
            slot.count++;
            siftDown(slot.heapIndex);
            return slot;
        }
        Slot<M> slot = used < heap.length ? takeFreeSlot() : evictLeastCounted();
        slot.key = key;
        slot.hash = hash;
        slot.error = slot.count;
        slot.count++;
        slot.meters = other;
        table[-find(key, hash) - 1] = slot; // again: an eviction may have moved entries
        siftDown(slot.heapIndex);
        if (named < topN && !reranked) {
            promote(slot);
        }
        return slot;
    }

    private Slot<M> takeFreeSlot() {
        Slot<M> slot = heap[used];
        slot.heapIndex = used;
        slot.count = 0;
        slot.error = 0;
        used++;
        siftUp(slot.heapIndex);
        return slot;
    }

    /** Space-saving: the new key takes the root slot and keeps its count (the bound on its error). */
    private Slot<M> evictLeastCounted() {
        Slot<M> slot = heap[0];
        if (slot.named) {
            demote(slot);
        }
        removeFromTable(find(slot.key, slot.hash));
        return slot;
    }

    private void rerank() {
        reranked = true;
        int n = used;
        System.arraycopy(heap, 0, ranking, 0, n);
        int wanted = Math.min(topN, n);
        for (int i = 0; i < wanted; i++) {
            int best = i;
            for (int j = i + 1; j < n; j++) {
                if (score(ranking[j]) > score(ranking[best])) {
                    best = j;
                }
            }
            Slot<M> swap = ranking[i];
            ranking[i] = ranking[best];
            ranking[best] = swap;
        }
        for (int i = wanted; i < n; i++) {
            if (ranking[i].named) {
                demote(ranking[i]);
            }
        }
        for (int i = 0; i < wanted; i++) {
            if (!ranking[i].named) {
                promote(ranking[i]);
            }
        }
        Arrays.fill(ranking, 0, n, null);
        for (int i = 0; i < n; i++) {
            heap[i].count >>= 1; // monotone, so the heap order holds
            heap[i].error >>= 1;
        }
    }

    /** The guaranteed count (what space-saving can prove), doubled for a key that already has a label. */
    private static long score(Slot<?> slot) {
        long guaranteed = slot.count - slot.error;
        return slot.named ? guaranteed * 2 : guaranteed;
    }

    private void promote(Slot<M> slot) {
        slot.meters = binder.bind(slot.key);
        slot.named = true;
        named++;
    }

    private void demote(Slot<M> slot) {
        binder.unbind(slot.meters);
        slot.meters = other;
        slot.named = false;
        named--;
    }

    // ---- open-addressing index: returns the index of the key, or -(insertion point) - 1

    private int find(String key, int hash) {
        int i = hash & mask;
        while (table[i] != null) {
            Slot<M> s = table[i];
            if (s.hash == hash && s.key.equals(key)) {
                return i;
            }
            i = (i + 1) & mask;
        }
        return -i - 1;
    }

    /** Backward-shift deletion keeps every probe chain unbroken without tombstones. */
    private void removeFromTable(int hole) {
        table[hole] = null;
        int j = hole;
        while (true) {
            j = (j + 1) & mask;
            Slot<M> s = table[j];
            if (s == null) {
                return;
            }
            int home = s.hash & mask;
            boolean staysPut = hole <= j ? (hole < home && home <= j) : (hole < home || home <= j);
            if (!staysPut) {
                table[hole] = s;
                table[j] = null;
                hole = j;
            }
        }
    }

    private static int spread(int h) {
        return h ^ (h >>> 16);
    }

    // ---- min-heap by count

    private void siftDown(int i) {
        while (true) {
            int left = 2 * i + 1;
            if (left >= used) {
                return;
            }
            int right = left + 1;
            int least = right < used && heap[right].count < heap[left].count ? right : left;
            if (heap[i].count <= heap[least].count) {
                return;
            }
            swap(i, least);
            i = least;
        }
    }

    private void siftUp(int i) {
        while (i > 0) {
            int parent = (i - 1) / 2;
            if (heap[parent].count <= heap[i].count) {
                return;
            }
            swap(i, parent);
            i = parent;
        }
    }

    private void swap(int a, int b) {
        Slot<M> s = heap[a];
        heap[a] = heap[b];
        heap[b] = s;
        heap[a].heapIndex = a;
        heap[b].heapIndex = b;
    }
}
