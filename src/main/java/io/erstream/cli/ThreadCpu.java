package io.erstream.cli;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time of this JVM's threads, grouped by what they do (stream threads, their producers' I/O, other clients'
 * I/O, the in-process broker, JVM-internal threads such as GC and JIT, the rest), between two points of a bench run. Throughput alone cannot say whether a slower topology did
 * more work or waited more; CPU per record, by group, can.
 */
final class ThreadCpu {

    /** The group of Kafka Streams' stream threads, where the topology's own work runs. */
    static final String STREAM_THREADS = "stream-threads";

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Map<Long, Long> startNanos = new HashMap<>();
    private long startProcessNanos;

    private ThreadCpu() {
    }

    /** The CPU time of every live thread now. */
    static ThreadCpu start() {
        ThreadCpu cpu = new ThreadCpu();
        cpu.startProcessNanos = processNanos();
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
        double threads = groups.values().stream().mapToDouble(Double::doubleValue).sum();
        double process = (processNanos() - startProcessNanos) / 1e9;
        groups.put("jvm-internal", Math.max(0, process - threads)); // GC and VM threads are not Java threads
        return groups;
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
