package io.erstream.http;

import io.erstream.stream.RestoreTracker;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Whether this instance is alive ({@code /health}) and ready to answer queries ({@code /ready}), from the Kafka
 * Streams state and the stores being restored.
 *
 * <p>Alive means the client can still get to RUNNING on its own: CREATED, REBALANCING, RUNNING, and
 * PENDING_SHUTDOWN (a client that is closing exits by itself; restarting it would only cut its clean close short).
 * ERROR, PENDING_ERROR and NOT_RUNNING never recover, so a restart is the remedy. Ready means RUNNING with nothing
 * restoring: only then is a model the store does not hold truly missing.
 */
public final class Readiness {

    private static final Readiness ALWAYS = new Readiness(null, new RestoreTracker());

    private final Supplier<KafkaStreams.State> state;
    private final RestoreTracker restores;

    /** @param state the streams client's state; null when there is no client (always alive and ready) */
    public Readiness(Supplier<KafkaStreams.State> state, RestoreTracker restores) {
        this.state = state;
        this.restores = restores;
    }

    public static Readiness of(KafkaStreams streams, RestoreTracker restores) {
        return new Readiness(streams::state, restores);
    }

    /** No streams client: alive and ready (a server that only exports metrics). */
    public static Readiness always() {
        return ALWAYS;
    }

    /** The streams state's name, or null without a client. */
    String state() {
        return state == null ? null : state.get().name();
    }

    public boolean live() {
        if (state == null) {
            return true;
        }
        return switch (state.get()) {
            case CREATED, REBALANCING, RUNNING, PENDING_SHUTDOWN -> true;
            case ERROR, PENDING_ERROR, NOT_RUNNING -> false;
        };
    }

    /** Why this instance is not ready, or empty when it is. */
    public Optional<String> notReady() {
        if (state != null && state.get() != KafkaStreams.State.RUNNING) {
            return Optional.of("streams state " + state.get());
        }
        if (restores.restoring()) {
            return Optional.of("restoring model stores");
        }
        return Optional.empty();
    }
}
