package io.erstream.cli;

import io.erstream.stream.StartupChecks;
import io.erstream.stream.StreamConfig;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** {@code erstream run}: the application against any Kafka cluster, until SIGTERM / Ctrl-C. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run the learning application against a Kafka cluster.",
            "Every Kafka Streams and client property in --config passes through (TLS, SASL...);",
            "ERSTREAM_* environment variables override erstream.* settings."})
final class RunCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Option(names = "--config", paramLabel = "FILE", description = "properties file")
    Path configFile;

    @Option(names = "--http-port", description = "HTTP port (overrides erstream.http.port)")
    Integer httpPort;

    @Override
    public Integer call() throws Exception {
        Properties properties = load(configFile);
        if (httpPort != null) {
            properties.setProperty(StreamConfig.HTTP_PORT, Integer.toString(httpPort));
        }
        StreamConfig config = StreamConfig.fromProperties(properties);
        StartupChecks.warnings(config).forEach(LOG::warn);
        try (StreamApplication app = new StreamApplication(config)) {
            Runtime.getRuntime().addShutdownHook(new Thread(app::close, "erstream-shutdown"));
            app.start(Duration.ofMinutes(5));
            System.err.println("erstream running: application.id=" + config.applicationId() + ", HTTP on port "
                    + app.httpPort() + (config.http().tls() ? " (TLS)" : ""));
            Throwable failure = app.awaitStop();
            if (failure != null) {
                throw new IllegalStateException("stream thread failed: " + rootMessage(failure), failure);
            }
        }
        return 0;
    }

    /** The innermost cause's message: the one line that names the setting or the record. */
    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    static Properties load(Path file) {
        Properties properties = new Properties();
        if (file == null) {
            return properties;
        }
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read --config " + file + ": " + e.getMessage(), e);
        }
        return properties;
    }
}
