package io.erstream.http;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP server's executor: it gives every request a deadline for arriving in full, headers and body.
 *
 * <p>Why this exists: the JDK server reads a request's line and headers on an executor thread, blocking, before it
 * knows which handler the request is for. A client that trickles its headers or body holds that thread for as long
 * as it likes, and with a small fixed pool two such clients would queue {@code /health} behind them. The JDK's own
 * guard, {@code sun.net.httpserver.maxReqTime}, is off by default, counts whole seconds, and is read once per JVM
 * in {@code ServerConfig}'s static initialiser, so one server cannot set it for itself (nor can a test);
 * {@code idleInterval} and {@code maxIdleConnections} only govern connections between requests and connections
 * that have sent nothing yet, which wait in the selector without a thread; {@code jdk.httpserver.maxConnections}
 * would refuse the probes' connections as readily as anyone's.
 *
 * <p>So every request runs on a thread of an elastic pool (idle threads retire) and a timer interrupts that thread if the request is not read within {@code readTimeout}. The socket channel is
 * interruptible: the interrupt closes the connection and the blocked read fails, freeing the thread. A handler ends
 * the deadline with {@link Deadline#met()} once the request is read (at once for a request without a body), so a
 * slow response or a forwarded query is never interrupted. Probes therefore find a thread at once while slow
 * clients are read, and no client holds a thread longer than {@code readTimeout} while sending. Concurrent API work
 * is bounded separately by permits ({@link MetricsServer}), and the pool holds {@link #RESERVE} threads beyond
 * them for the probes and for requests still being read or refused; when all are busy the JDK server closes
 * further connections instead of queueing them.
 */
final class RequestDeadlines implements Executor, AutoCloseable {

    /** Threads beyond the API's permits: for probes, and for requests being read or refused for want of a permit. */
    static final int RESERVE = 256;

    private static final ThreadLocal<Deadline> CURRENT = new ThreadLocal<>();
    /** For handlers run outside this executor (none in production): nothing to end. */
    private static final Deadline NONE = new Deadline(null);

    private final Duration readTimeout;
    private final ThreadPoolExecutor pool;
    private final ScheduledThreadPoolExecutor timer;

    /** @param permits how many API requests are served at once (erstream.http.threads) */
    RequestDeadlines(Duration readTimeout, int permits) {
        this.readTimeout = readTimeout;
        this.pool = new ThreadPoolExecutor(2, permits + RESERVE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                daemon("erstream-http"));
        this.timer = new ScheduledThreadPoolExecutor(1, daemon("erstream-http-deadline"));
        this.timer.setRemoveOnCancelPolicy(true);
    }

    /** Runs one request of the JDK server under its deadline; throws RejectedExecutionException when saturated. */
    @Override
    public void execute(Runnable request) {
        pool.execute(() -> {
            Deadline deadline = new Deadline(Thread.currentThread());
            ScheduledFuture<?> expiry = timer.schedule(deadline::expire, readTimeout.toNanos(), TimeUnit.NANOSECONDS);
            CURRENT.set(deadline);
            try {
                request.run();
            } finally {
                expiry.cancel(false);
                deadline.met();
                CURRENT.remove();
            }
        });
    }

    /** The deadline of the request this thread serves. */
    static Deadline current() {
        Deadline deadline = CURRENT.get();
        return deadline == null ? NONE : deadline;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        pool.shutdownNow();
    }

    /** One request's deadline: until {@link #met()}, expiry interrupts the thread reading it. */
    static final class Deadline {

        private final Thread reader;
        private boolean open = true;
        private boolean expired;

        private Deadline(Thread reader) {
            this.reader = reader;
            this.open = reader != null;
        }

        private synchronized void expire() {
            if (open) {
                expired = true;
                reader.interrupt();
            }
        }

        /**
         * The request is read: no interrupt can follow. Returns false when the deadline expired first (the
         * connection is then closed); the expiry's interrupt is cleared so that it cannot reach later work.
         */
        synchronized boolean met() {
            open = false;
            if (expired) {
                Thread.interrupted();
                return false;
            }
            return true;
        }
    }

    static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
