package io.erstream.cli;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import picocli.CommandLine.Option;

/** The Kafka connection options every client command shares: TLS/SASL settings pass through unchanged. */
final class ClientOptions {

    @Option(names = "--bootstrap-servers", required = true, paramLabel = "HOST:PORT[,...]",
            description = "Kafka bootstrap servers.")
    String bootstrapServers;

    @Option(names = "--command-config", paramLabel = "FILE",
            description = "Client properties (TLS, SASL...), passed through.")
    Path commandConfig;

    /** The --command-config properties with the bootstrap servers set. */
    Properties properties() {
        Properties properties = new Properties();
        if (commandConfig != null) {
            try (Reader reader = Files.newBufferedReader(commandConfig)) {
                properties.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read --command-config " + commandConfig + ": " + e, e);
            }
        }
        properties.put("bootstrap.servers", bootstrapServers);
        return properties;
    }
}
