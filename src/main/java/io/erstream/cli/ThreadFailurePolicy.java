package io.erstream.cli;

import io.erstream.http.ErstreamMetrics;
import io.erstream.stream.RecordFailedException;
import io.erstream.stream.StartupException;
import io.erstream.stream.StreamConfig;
import java.util.function.Consumer;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a stream thread that dies leads to, by {@code erstream.errors.thread}: by default Kafka Streams replaces it,
 * which rides out a transient failure without losing the instance. A {@link RecordFailedException} (a record failed
 * under {@code erstream.errors.record=fail}) or a {@link StartupException} (the configuration conflicts with what is
 * stored) always shuts the client down instead: a new thread would meet the same record or the same store and die
 * again, for ever. Every replacement is counted
 * ({@code erstream_stream_thread_replacements_total}) and every failure logged, so a thread that keeps dying shows.
 */
final class ThreadFailurePolicy implements StreamsUncaughtExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ThreadFailurePolicy.class);

    private final StreamConfig.ThreadErrors policy;
    private final ErstreamMetrics metrics;
    private final Consumer<Throwable> stopping;

    /** @param stopping told of a failure that stops the client (not of a replaced thread) */
    ThreadFailurePolicy(StreamConfig.ThreadErrors policy, ErstreamMetrics metrics, Consumer<Throwable> stopping) {
        this.policy = policy;
        this.metrics = metrics;
        this.stopping = stopping;
    }

    @Override
    public StreamThreadExceptionResponse handle(Throwable failure) {
        StreamThreadExceptionResponse response = decide(policy, failure);
        if (response == StreamThreadExceptionResponse.REPLACE_THREAD) {
            metrics.threadReplaced();
            LOG.warn("a stream thread failed; starting a new one in its place", failure);
        } else {
            LOG.error("a stream thread failed; {} ({}={})", response, StreamConfig.ERRORS_THREAD,
                    stops(failure) ? "overridden: a new thread would fail alike" : policy, failure);
            stopping.accept(failure);
        }
        return response;
    }

    private static boolean stops(Throwable failure) {
        return RecordFailedException.causedBy(failure) || StartupException.causedBy(failure);
    }

    /** The response to {@code failure} under {@code policy}. */
    static StreamThreadExceptionResponse decide(StreamConfig.ThreadErrors policy, Throwable failure) {
        if (stops(failure)) {
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        return switch (policy) {
            case REPLACE -> StreamThreadExceptionResponse.REPLACE_THREAD;
            case SHUTDOWN_CLIENT -> StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            case SHUTDOWN_APPLICATION -> StreamThreadExceptionResponse.SHUTDOWN_APPLICATION;
        };
    }
}
