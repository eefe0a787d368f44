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
 * <p>So every request runs on a thread of an elastic pool (idle threads retire) and a timer interrupts that thread
 * if the request is not read within {@code readTimeout}. The socket channel is interruptible: the interrupt closes
 * the connection and the blocked read fails, freeing the thread. A handler marks the request read with
 * {@link Deadline#met()} (at once for a request without a body); from then on the answer has its own deadline,
 * {@code answerTimeout}, long enough for a forwarded query, after which a client that does not take the answer is
 * cut off the same way. Probes therefore find a thread at once while slow clients are read, and no client holds
 * a thread longer than {@code readTimeout + answerTimeout}. Concurrent API work is bounded separately by permits
 * ({@link MetricsServer}), and the pool holds {@link #RESERVE} threads beyond them for the probes and for requests
 * still being read or refused; when all are busy the JDK server closes further connections instead of queueing
 * them.
 */
final class RequestDeadlines implements Executor, AutoCloseable {

    /** Threads beyond the API's permits: for probes, and for requests being read or refused for want of a permit. */
    static final int RESERVE = 256;

    private static final ThreadLocal<Deadline> CURRENT = new ThreadLocal<>();
    /** For handlers run outside this executor (none in production): nothing to end. */
    private static final Deadline NONE = new Deadline(null, null, Duration.ZERO);

    private final Duration readTimeout;
    private final Duration answerTimeout;
    private final ThreadPoolExecutor pool;
    private final ScheduledThreadPoolExecutor timer;

    /**
     * @param readTimeout   how long a request may take to arrive, headers and body
     * @param answerTimeout how long the answer may then take, forwarding and writing included
     * @param permits       how many API requests are served at once (erstream.http.threads)
     */
    RequestDeadlines(Duration readTimeout, Duration answerTimeout, int permits) {
        this.readTimeout = readTimeout;
        this.answerTimeout = answerTimeout;
        this.pool = new ThreadPoolExecutor(2, permits + RESERVE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                daemon("erstream-http"));
        this.timer = new ScheduledThreadPoolExecutor(1, daemon("erstream-http-deadline"));
        this.timer.setRemoveOnCancelPolicy(true);
    }

    /** Runs one request of the JDK server under its deadlines; throws RejectedExecutionException when saturated. */
    @Override
    public void execute(Runnable request) {
        pool.execute(() -> {
            Deadline deadline = new Deadline(Thread.currentThread(), timer, answerTimeout);
            deadline.arm(readTimeout);
            CURRENT.set(deadline);
            try {
                request.run();
            } finally {
                deadline.end();
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

    /**
     * One request's deadlines: reading it, then answering it. Expiry interrupts the thread serving it; all changes
     * happen under this object's lock, so an interrupt never reaches the thread after {@link #end()}.
     */
    static final class Deadline {

        private final Thread worker;
        private final ScheduledThreadPoolExecutor timer;
        private final Duration answerTimeout;
        private ScheduledFuture<?> expiry;
        private int phase; // an expiry of an earlier phase that fires late must not interrupt this one
        private boolean reading;
        private boolean expired;

        private Deadline(Thread worker, ScheduledThreadPoolExecutor timer, Duration answerTimeout) {
            this.worker = worker;
            this.timer = timer;
            this.answerTimeout = answerTimeout;
        }

        private synchronized void arm(Duration timeout) {
            reading = true;
            schedule(timeout);
        }

        /** Call holding the lock. */
        private void schedule(Duration timeout) {
            int scheduled = ++phase;
            expiry = timer.schedule(() -> expire(scheduled), timeout.toNanos(), TimeUnit.NANOSECONDS);
        }

        private synchronized void expire(int scheduled) {
            if (scheduled == phase && expiry != null) {
                expired = true;
                expiry = null;
                worker.interrupt();
            }
        }

        /**
         * The request is read: its answer's deadline starts. Returns false when reading expired first (the
         * connection is then closed), and clears the expiry's interrupt so that it cannot reach later work.
         */
        synchronized boolean met() {
            if (!reading) {
                return !expired;
            }
            reading = false;
            if (expired) {
                Thread.interrupted();
                return false;
            }
            expiry.cancel(false);
            schedule(answerTimeout);
            return true;
        }

        /** The exchange is over: no interrupt can follow, and one that came is cleared. */
        private synchronized void end() {
            reading = false;
            if (expiry != null) {
                expiry.cancel(false);
                expiry = null;
            }
            if (expired) {
                Thread.interrupted();
            }
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
