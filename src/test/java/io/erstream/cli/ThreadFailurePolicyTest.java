package io.erstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.erstream.http.ErstreamMetrics;
import io.erstream.stream.RecordFailedException;
import io.erstream.stream.StreamConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

/** What a dying stream thread leads to under {@code erstream.errors.thread}. */
class ThreadFailurePolicyTest {

    private static final RuntimeException TRANSIENT = new IllegalStateException("broker hiccup");
    private static final Throwable RECORD_FAILED = new StreamsException(
            new RecordFailedException("record 7 failed", new ArithmeticException()));

    @Test
    void theDefaultPolicyReplacesTheThread() {
        StreamConfig.ThreadErrors policy = StreamConfig.fromProperties(new Properties(), Map.of()).threadErrors();

        assertEquals(StreamThreadExceptionResponse.REPLACE_THREAD, ThreadFailurePolicy.decide(policy, TRANSIENT));
    }

    @Test
    void aRecordFailureShutsTheClientDownWhateverThePolicy() {
        for (StreamConfig.ThreadErrors policy : StreamConfig.ThreadErrors.values()) {
            assertEquals(StreamThreadExceptionResponse.SHUTDOWN_CLIENT,
                    ThreadFailurePolicy.decide(policy, RECORD_FAILED), policy.name());
        }
    }

    @Test
    void otherFailuresFollowTheConfiguredPolicy() {
        assertEquals(StreamThreadExceptionResponse.SHUTDOWN_CLIENT,
                ThreadFailurePolicy.decide(StreamConfig.ThreadErrors.SHUTDOWN_CLIENT, TRANSIENT));
        assertEquals(StreamThreadExceptionResponse.SHUTDOWN_APPLICATION,
                ThreadFailurePolicy.decide(StreamConfig.ThreadErrors.SHUTDOWN_APPLICATION, TRANSIENT));
    }

    @Test
    void aReplacedThreadIsCountedAndDoesNotStopTheApplication() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AtomicReference<Throwable> stopped = new AtomicReference<>();
        ThreadFailurePolicy handler = new ThreadFailurePolicy(StreamConfig.ThreadErrors.REPLACE,
                ErstreamMetrics.create(registry), stopped::set);

        handler.handle(TRANSIENT);
        handler.handle(TRANSIENT);

        assertEquals(2.0, registry.get("erstream.stream.thread.replacements").counter().count());
        assertNull(stopped.get());
    }

    @Test
    void aFailureThatStopsTheClientIsHandedOnAndNotCountedAsAReplacement() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AtomicReference<Throwable> stopped = new AtomicReference<>();
        ThreadFailurePolicy handler = new ThreadFailurePolicy(StreamConfig.ThreadErrors.REPLACE,
                ErstreamMetrics.create(registry), stopped::set);

        handler.handle(RECORD_FAILED);

        assertSame(RECORD_FAILED, stopped.get());
        assertEquals(0.0, registry.get("erstream.stream.thread.replacements").counter().count());
    }
}
