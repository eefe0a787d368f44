package io.erstream.cli;

import io.erstream.stream.InvalidTopicCatalogException;
import io.erstream.stream.ReconcileResult;
import io.erstream.stream.TopicCatalog;
import io.erstream.stream.TopicDifference;
import io.erstream.stream.TopicReconciler;
import io.erstream.stream.TopicReconciliationException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code erstream topics}: compares a cluster with the declared topics and, with {@code --apply},
 * creates what is missing. Exit 0 in sync, 1 differences remain or the cluster is unreachable,
 * 2 bad usage (including an unreadable catalog or client config file).
 */
@Command(name = "topics", mixinStandardHelpOptions = true,
        description = {"Compare the cluster with the declared topics (topics/topics.yaml); --apply creates "
                + "missing topics and sets declared configs.",
                "Partition counts and replication factors of existing topics are reported, never changed."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:in sync (after --apply, if given)", "1:differences remain, or the cluster is unreachable",
                "2:bad usage"})
public final class TopicsCommand implements Callable<Integer> {

    static final int IN_SYNC = 0;
    static final int DIFFERENT = 1;
    static final int USAGE = 2;

    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions client;

    @Option(names = "--apply", description = "Create missing topics and set declared configs.")
    boolean apply;

    @Option(names = "--file", paramLabel = "FILE",
            description = "Topic catalog YAML (default: the one bundled in the jar).")
    Path file;

    @Option(names = "--replication-factor", paramLabel = "N",
            description = "Replication factor for every topic, replacing the catalog's (e.g. 3 in production).")
    Short replicationFactor;

    @Option(names = "--timeout-ms", paramLabel = "MS", defaultValue = "15000",
            description = "Give up on an unresponsive cluster after this long (default: ${DEFAULT-VALUE}).")
    long timeoutMs;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        validate();
        TopicCatalog catalog;
        Map<String, Object> clientConfig;
        try {
            catalog = catalog();
            clientConfig = clientConfig();
        } catch (InvalidTopicCatalogException | IOException e) {
            err.println("erstream topics: " + e.getMessage());
            return USAGE;
        }
        quietKafkaClientLogs();
        try (Admin admin = Admin.create(clientConfig)) {
            return run(new TopicReconciler(admin, catalog, Duration.ofMillis(timeoutMs)), catalog);
        } catch (TopicReconciliationException | KafkaException e) {
            err.println("erstream topics: cluster " + client.bootstrapServers + " unreachable or refused: " + reason(e));
            return DIFFERENT;
        }
    }

    private int run(TopicReconciler reconciler, TopicCatalog catalog) {
        TopicTable table = new TopicTable(spec.commandLine().getOut());
        if (apply) {
            ReconcileResult result = reconciler.apply();
            table.print(catalog, result.fixed(), result.remaining());
            return result.inSync() ? IN_SYNC : DIFFERENT;
        }
        List<TopicDifference> differences = reconciler.check();
        table.print(catalog, List.of(), differences);
        return differences.isEmpty() ? IN_SYNC : DIFFERENT;
    }

    /** The innermost message: "Failed to create new KafkaAdminClient" alone does not say what to fix. */
    private static String reason(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause().getMessage() != null) {
            cause = cause.getCause();
        }
        return cause == e ? e.getMessage() : e.getMessage() + ": " + cause.getMessage();
    }

    private void validate() {
        if (replicationFactor != null && replicationFactor < 1) {
            throw new ParameterException(spec.commandLine(), "--replication-factor must be at least 1");
        }
        if (timeoutMs < 1) {
            throw new ParameterException(spec.commandLine(), "--timeout-ms must be positive");
        }
    }

    private TopicCatalog catalog() {
        TopicCatalog catalog = file == null ? TopicCatalog.bundled() : TopicCatalog.load(file);
        return replicationFactor == null ? catalog : catalog.withReplicationFactor(replicationFactor);
    }

    /** The --command-config properties, then the bootstrap servers and bounded timeouts unless set there. */
    private Map<String, Object> clientConfig() throws IOException {
        Map<String, Object> config = new HashMap<>();
        try {
            client.properties().forEach((k, v) -> config.put((String) k, v));
        } catch (UncheckedIOException e) {
            throw new IOException(e.getMessage(), e.getCause());
        }
        config.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Math.min(timeoutMs, Integer.MAX_VALUE));
        config.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeoutMs, Integer.MAX_VALUE));
        config.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "erstream-topics");
        return config;
    }

    /**
     * An unreachable cluster makes the admin client warn on every reconnect attempt; the command reports
     * that itself in one line. Only takes effect for loggers not created yet, and never overrides a
     * level the user set with -D.
     */
    private static void quietKafkaClientLogs() {
        String key = "erstream.log.kafka-clients.level";
        if (System.getProperty(key) == null) {
            System.setProperty(key, "error");
        }
    }
}
