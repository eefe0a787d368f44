package io.erstream.stream;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the memory of every RocksDB store of the JVM by one budget ({@code erstream.rocksdb.memory.bytes}):
 * one block cache shared by all stores, which also holds their index and filter blocks and is charged for their
 * write buffers (memtables). Without it each store sizes its own cache and buffers, so memory grows with the
 * number of tasks, and index and filter blocks grow with the data outside any bound.
 *
 * <p>The cache is made once per JVM, by the first store, with the budget of the configuration that opens it.
 */
public final class BoundedRocksDB implements RocksDBConfigSetter {

    /** Streams property carrying the budget to the setter. */
    static final String MEMORY_BYTES = "erstream.internal.rocksdb.memory.bytes";
    /** Share of the budget the write buffers may take (the rest caches blocks, indexes and filters). */
    static final double WRITE_BUFFER_SHARE = 0.25;
    private static final long BLOCK_SIZE = 16 * 1024;

    private static Cache cache;
    private static WriteBufferManager writeBuffers;
    private static long budget;

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        long bytes = Long.parseLong(String.valueOf(configs.getOrDefault(MEMORY_BYTES, 64L << 20)));
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        synchronized (BoundedRocksDB.class) {
            if (cache == null) {
                budget = bytes;
                cache = new LRUCache(bytes, -1, false, 0.1);
                writeBuffers = new WriteBufferManager((long) (bytes * WRITE_BUFFER_SHARE), cache);
            }
            table.setBlockCache(cache);
            options.setWriteBufferManager(writeBuffers);
        }
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        table.setBlockSize(BLOCK_SIZE);
        options.setTableFormatConfig(table);
        options.setMaxWriteBufferNumber(2);
        options.setWriteBufferSize(Math.max(1L << 20, (long) (budget * WRITE_BUFFER_SHARE / 4)));
    }

    @Override
    public void close(String storeName, Options options) {
        // the cache and the write buffer manager are shared by every store of the JVM: never closed here
    }

    /** The budget the shared cache was made with, or 0 before the first store opened. */
    static synchronized long budget() {
        return budget;
    }
}
