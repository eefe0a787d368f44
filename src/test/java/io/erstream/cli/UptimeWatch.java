package io.erstream.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Polls a child's {@code /health} and process every 250 ms on its own thread, so that a test can assert that the
 * instance stayed up throughout a run, not only that it is up at the end: a stream thread that dies makes
 * {@code run} shut the streams client down (health 503, then the process exits), which a poll sees within a
 * second, and its log says so.
 */
final class UptimeWatch implements AutoCloseable {

    private static final long PERIOD_MS = 250;

    private final ChildApp child;
    private final Thread thread;
    private final List<String> downs = new ArrayList<>();
    private volatile boolean stop;
    private long polls;

    UptimeWatch(ChildApp child, String name) {
        this.child = child;
        this.thread = new Thread(this::watch, "uptime-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    private void watch() {
        long t0 = System.nanoTime();
        while (!stop) {
            try {
                int status = child.health();
                boolean alive = child.alive();
                synchronized (this) {
                    polls++;
                    if (status != 200 || !alive) {
                        downs.add(String.format("at %.1f s: /health %d, process %s", (System.nanoTime() - t0) / 1e9,
                                status, alive ? "alive" : "exited"));
                    }
                }
                TimeUnit.MILLISECONDS.sleep(PERIOD_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Stops watching; asserts every poll found the process alive and healthy and its log has no thread failure. */
    void assertUpThroughout() {
        close();
        List<String> failures = child.failures();
        synchronized (this) {
            if (polls == 0 || !downs.isEmpty() || !failures.isEmpty() || !child.alive()) {
                throw new AssertionError("the instance did not stay up (" + polls + " polls): "
                        + downs.subList(0, Math.min(10, downs.size())) + " " + failures + "\n" + child.tail());
            }
            System.out.printf("uptime: %d health polls, all 200 with the process alive%n", polls);
        }
    }

    /** Stops watching; idempotent. */
    @Override
    public void close() {
        stop = true;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
