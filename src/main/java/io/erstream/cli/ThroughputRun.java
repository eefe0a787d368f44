package io.erstream.cli;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;

/**
 * One timed run of a topology over a pre-filled input topic: from {@code KafkaStreams.start()} until a
 * read_committed consumer has seen every output. Start-up (until the first output is visible) is reported apart
 * from the steady-state rate, because it is a fixed cost (group join, task and producer initialisation, the first
 * transaction) that a longer run amortises.
 */
final class ThroughputRun {

    /**
     * @param seconds         start to last output seen
     * @param startupSeconds  start to first output seen
     * @param runningSeconds  start to state RUNNING
     * @param steadyPerSecond outputs after the first batch over the time after it
     * @param cpuSeconds      CPU seconds this JVM spent during the run, by {@link ThreadCpu} group
     */
    record Result(String kind, long records, double seconds, double startupSeconds, double runningSeconds,
                  double steadyPerSecond, Map<String, Double> cpuSeconds) {
        double perSecond() {
            return records / seconds;
        }

        /** CPU microseconds per record, all threads of the JVM (broker included). */
        double cpuMicrosPerRecord() {
            return cpuSeconds.values().stream().mapToDouble(Double::doubleValue).sum() * 1e6 / records;
        }

        /** CPU microseconds per record of one group, 0 if it used none. */
        double cpuMicrosPerRecord(String group) {
            return cpuSeconds.getOrDefault(group, 0.0) * 1e6 / records;
        }
    }

    private ThroughputRun() {
    }

    static Result measure(String kind, Topology topology, Properties streamsProperties, String bootstrap,
                          String outputTopic, long records, Duration timeout) {
        return measure(kind, topology, streamsProperties, bootstrap, outputTopic, records, timeout, streams -> { },
                () -> { });
    }

    /**
     * As above; {@code atEnd} runs once every output was seen, before the streams client closes (to read what the
     * running application holds), {@code afterClose} once it closed, before its state is wiped (to read what it
     * left on disk). Neither is part of the measured time.
     */
    static Result measure(String kind, Topology topology, Properties streamsProperties, String bootstrap,
                          String outputTopic, long records, Duration timeout, Consumer<KafkaStreams> atEnd,
                          Runnable afterClose) {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicLong runningAt = new AtomicLong();
        try (OutputWatch watch = new OutputWatch(bootstrap, outputTopic);
             KafkaStreams streams = new KafkaStreams(topology, streamsProperties)) {
            streams.setUncaughtExceptionHandler(e -> {
                failure.compareAndSet(null, e);
                return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            });
            streams.setStateListener((now, before) -> {
                if (now == KafkaStreams.State.RUNNING) {
                    runningAt.compareAndSet(0, System.nanoTime());
                }
            });
            ThreadCpu cpu = ThreadCpu.start(); // the run's work: read at the last output, before closing
            long start = System.nanoTime();
            streams.start();
            watch.awaitCount(records, timeout, () -> {
                if (failure.get() != null) {
                    throw new IllegalStateException(kind + " failed: " + failure.get().getMessage(), failure.get());
                }
            });
            Result result = new Result(kind, records, seconds(watch.lastNanos() - start),
                    seconds(watch.firstNanos() - start), runningAt.get() == 0 ? Double.NaN // outputs before RUNNING
                            : seconds(runningAt.get() - start),
                    (records - watch.countAtFirst()) / seconds(watch.lastNanos() - watch.firstNanos()),
                    cpu.secondsByGroup());
            atEnd.accept(streams);
            streams.close(Duration.ofSeconds(60));
            afterClose.run();
            streams.cleanUp();
            return result;
        }
    }

    static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
