package io.erstream.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time of this JVM's threads, grouped by what they do (stream threads, their producers' I/O, other clients'
 * I/O, the in-process broker, the JIT compiler, the garbage collector, RocksDB's background flushes and
 * compactions, the rest), between two points of a bench run. Throughput alone cannot say whether a slower topology
 * did more work or waited more; CPU per record, by group, can.
 *
 * <p>Java threads are measured through {@link ThreadMXBean}. The JIT's, the collector's and RocksDB's threads are
 * not Java threads: on Linux they are read from {@code /proc/self/task} by their native names (in clock ticks of
 * 10 ms); whatever the process used beyond all of these (elsewhere: everything not a Java thread) is
 * {@code jvm-internal}.
 */
final class ThreadCpu {

    /** The group of Kafka Streams' stream threads, where the topology's own work runs. */
    static final String STREAM_THREADS = "stream-threads";

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private static final Path TASKS = Path.of("/proc/self/task");
    /** Linux's USER_HZ, the unit of utime and stime in {@code /proc/<pid>/task/<tid>/stat}. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private final Map<Long, Long> startNanos = new HashMap<>();
    private final Map<String, Long> startNativeNanos = new HashMap<>(); // by thread id
    private long startProcessNanos;

    private ThreadCpu() {
    }

    /** The CPU time of every live thread now. */
    static ThreadCpu start() {
        ThreadCpu cpu = new ThreadCpu();
        cpu.startProcessNanos = processNanos();
        nativeThreads((tid, group, nanos) -> cpu.startNativeNanos.put(tid, nanos));
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info != null) {
                cpu.startNanos.put(info.getThreadId(), Math.max(0, THREADS.getThreadCpuTime(info.getThreadId())));
            }
        }
        return cpu;
    }

    /**
     * CPU seconds per group since {@link #start} of the threads alive now (a thread that ended in between is not
     * counted: measure before closing the topology).
     */
    Map<String, Double> secondsByGroup() {
        Map<String, Double> groups = new TreeMap<>();
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long now = THREADS.getThreadCpuTime(info.getThreadId());
            if (now < 0) {
                continue;
            }
            long used = now - startNanos.getOrDefault(info.getThreadId(), 0L);
            groups.merge(group(info.getThreadName()), used / 1e9, Double::sum);
        }
        nativeThreads((tid, group, nanos) -> groups.merge(group, (nanos - startNativeNanos.getOrDefault(tid, 0L)) / 1e9,
                Double::sum));
        double threads = groups.values().stream().mapToDouble(Double::doubleValue).sum();
        double process = (processNanos() - startProcessNanos) / 1e9;
        groups.put("jvm-internal", Math.max(0, process - threads)); // VM threads, and threads that ended meanwhile
        return groups;
    }

    private interface NativeSink {
        void accept(String tid, String group, long nanos);
    }

    /** The CPU time of each live JIT, GC and RocksDB thread; nothing where {@code /proc} is not there. */
    private static void nativeThreads(NativeSink sink) {
        if (!Files.isDirectory(TASKS)) {
            return;
        }
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException ended) {
                    continue;
                }
                String group = nativeGroup(stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')));
                if (group != null) {
                    sink.accept(task.getFileName().toString(), group, ticks(stat) * NANOS_PER_TICK);
                }
            }
        } catch (IOException unreadable) {
            // no split: the remainder stays jvm-internal
        }
    }

    /** utime + stime: fields 14 and 15 of a stat line, counted after the command name's closing parenthesis. */
    private static long ticks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** The group of a thread that is not a Java thread, by its native name (at most 15 characters), or null. */
    static String nativeGroup(String name) {
        if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
            return "jit";
        }
        if (name.startsWith("GC Thread") || name.startsWith("G1 ")) {
            return "gc";
        }
        if (name.startsWith("rocksdb:")) {
            return "rocksdb";
        }
        return null;
    }

    private static long processNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }

    /** The group of a thread, by the names Kafka gives its threads. */
    static String group(String thread) {
        if (thread.contains("-StreamThread-")) {
            return thread.contains("producer-network-thread") ? "streams-producer-io" : STREAM_THREADS;
        }
        if (!thread.startsWith("data-plane") && (thread.contains("network-thread") || thread.contains("heartbeat"))) {
            return "client-io";
        }
        if (thread.startsWith("data-plane") || thread.startsWith("kafka-") || thread.contains("broker")
                || thread.contains("controller") || thread.contains("raft") || thread.contains("quorum")
                || thread.startsWith("ExpirationReaper") || thread.startsWith("LogDirFailureHandler")
                || thread.startsWith("group-coordinator") || thread.startsWith("transaction")
                || thread.startsWith("log-cleaner") || thread.startsWith("executor-") || thread.contains("Txn")) {
            return "broker";
        }
        return "other";
    }
}
