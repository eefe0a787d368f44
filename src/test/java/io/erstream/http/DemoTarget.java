package io.erstream.http;

import io.erstream.cli.Main;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.concurrent.TimeUnit;

/** {@code erstream demo} running in a background thread of this JVM, serving {@code /metrics}, until closed. */
final class DemoTarget implements PrometheusQueriesIT.ScrapeTarget {

    private final Thread thread;
    private final int port;

    private DemoTarget(Thread thread, int port) {
        this.thread = thread;
        this.port = port;
    }

    static DemoTarget start() throws IOException, InterruptedException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Thread thread = new Thread(() -> Main.commandLine().execute("demo", "--http-port", Integer.toString(port),
                "--rate", "2000"), "erstream-demo-under-test");
        thread.setDaemon(true);
        thread.start();
        return new DemoTarget(thread, port);
    }

    @Override
    public URI metricsUri() {
        return URI.create("http://127.0.0.1:" + port + "/metrics");
    }

    /** Interrupts the demo (as Ctrl-C would end it) and waits for it to release the broker and the port. */
    @Override
    public void close() throws InterruptedException {
        thread.interrupt();
        thread.join(TimeUnit.SECONDS.toMillis(60));
    }
}
