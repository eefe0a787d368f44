package io.erstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {

    @Test
    void streamThreadsAndTheirProducersAreTheirOwnGroups() {
        String app = "bench-erstream-1-4b2f6eca-2f28-4ef8-ad02-d0514ab1b9a6-StreamThread-1";
        assertEquals(ThreadCpu.STREAM_THREADS, ThreadCpu.group(app));
        assertEquals("streams-producer-io", ThreadCpu.group("kafka-producer-network-thread | " + app + "-producer"));
    }

    @Test
    void theInProcessBrokersThreadsAreTheBroker() {
        for (String name : new String[] {"data-plane-kafka-request-handler-0",
            "data-plane-kafka-network-thread-1-PLAINTEXT-PLAINTEXT-0", "group-coordinator-event-processor-1",
            "ExpirationReaper-1-Produce", "executor-Fetch", "transaction-log-manager-0", "TxnMarkerSenderThread-1",
            "AddPartitionsToTxnSenderThread-1"}) {
            assertEquals("broker", ThreadCpu.group(name), name);
        }
    }

    @Test
    void otherClientsNetworkAndHeartbeatThreadsAreClientIo() {
        assertEquals("client-io", ThreadCpu.group("kafka-producer-network-thread | producer-7"));
        assertEquals("client-io", ThreadCpu.group("kafka-coordinator-heartbeat-thread | watch"));
    }

    @Test
    void theJitTheCollectorAndRocksDbAreTheirOwnGroupsByNativeName() {
        assertEquals("jit", ThreadCpu.nativeGroup("C2 CompilerThre"));
        assertEquals("jit", ThreadCpu.nativeGroup("C1 CompilerThre"));
        for (String name : new String[] {"GC Thread#0", "G1 Conc#0", "G1 Refine#0", "G1 Main Marker", "G1 Service"}) {
            assertEquals("gc", ThreadCpu.nativeGroup(name), name);
        }
        assertEquals("rocksdb", ThreadCpu.nativeGroup("rocksdb:low"));
        assertEquals(null, ThreadCpu.nativeGroup("StreamThread-1")); // a Java thread, counted by its Java name
    }

    @Test
    void cpuSpentOnAThreadIsCountedInItsGroup() {
        ThreadCpu cpu = ThreadCpu.start();
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long until = threads.getCurrentThreadCpuTime() + 150_000_000L; // CPU time, not wall time: load-proof
        double sink = 0;
        while (threads.getCurrentThreadCpuTime() < until) {
            sink += Math.sqrt(sink + 1);
        }
        Map<String, Double> groups = cpu.secondsByGroup();
        assertTrue(sink > 0);
        assertTrue(groups.get(ThreadCpu.group(Thread.currentThread().getName())) >= 0.15, groups.toString());
    }
}
