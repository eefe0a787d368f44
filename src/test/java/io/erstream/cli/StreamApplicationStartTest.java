package io.erstream.cli;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.erstream.stream.StreamConfig;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A start that never reaches RUNNING (no broker answers) and is interrupted releases what it started. */
class StreamApplicationStartTest {

    @TempDir
    Path state;

    @Test
    void anInterruptedStartClosesTheApplicationItCannotHandBack() throws Exception {
        int silentPort;
        try (ServerSocket unused = new ServerSocket(0)) {
            silentPort = unused.getLocalPort(); // nothing listens there once closed
        }
        Properties p = new Properties();
        p.setProperty(StreamConfig.BOOTSTRAP_SERVERS, "127.0.0.1:" + silentPort);
        p.setProperty(StreamConfig.APPLICATION_ID, "erstream-start-test");
        p.setProperty(StreamConfig.HTTP_PORT, "0");
        p.setProperty(StreamConfig.HTTP_BIND, "127.0.0.1");
        p.setProperty("state.dir", state.toString());
        StreamApplication app = new StreamApplication(StreamConfig.fromProperties(p, Map.of()));
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread starter = new Thread(() -> {
            try {
                app.start(Duration.ofMinutes(1));
                outcome.complete(null);
            } catch (Throwable t) {
                outcome.complete(t);
            }
        }, "starter");
        starter.start();
        TimeUnit.SECONDS.sleep(1);

        starter.interrupt();

        assertInstanceOf(InterruptedException.class, outcome.get(60, TimeUnit.SECONDS));
        assertTrue(app.streams().state() == org.apache.kafka.streams.KafkaStreams.State.NOT_RUNNING,
                "closed: " + app.streams().state());
    }
}
