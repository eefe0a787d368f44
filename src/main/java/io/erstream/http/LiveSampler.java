package io.erstream.http;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples a {@link LiveSeries} on a daemon thread at a fixed period, so that the page's examples/s curve has points
 * whether or not anyone is watching, and a stream that stops shows as a rate falling to zero rather than a gap.
 */
public final class LiveSampler implements AutoCloseable {

    /** One rate point a second: as fine as the page refreshes. */
    public static final Duration PERIOD = Duration.ofSeconds(1);

    private final ScheduledExecutorService timer;

    private LiveSampler(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    /** Samples {@code series} now and every {@link #PERIOD} until closed. */
    public static LiveSampler start(LiveSeries series) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
                RequestDeadlines.daemon("erstream-live-sampler"));
        timer.scheduleAtFixedRate(series::sample, 0, PERIOD.toMillis(), TimeUnit.MILLISECONDS);
        return new LiveSampler(timer);
    }

    /** Stops sampling. Idempotent. */
    @Override
    public void close() {
        timer.shutdownNow();
    }
}
