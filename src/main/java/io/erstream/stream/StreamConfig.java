package io.erstream.stream;

import io.erstream.drift.Detectors;
import io.erstream.drift.DriftPolicy;
import io.erstream.drift.DriftResponse;
import io.erstream.learn.CovarianceKind;
import io.erstream.learn.LearnerSpec;
import io.erstream.learn.ModelCodec;
import io.erstream.learn.ModelFormatException;
import io.erstream.learn.Task;
import io.erstream.learn.WarmStart;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Everything the stream application is configured with, typed and validated once at start-up.
 *
 * <p>Keys, types, defaults, valid values and meanings are one table, {@link #definitions()}, which
 * {@link #fromProperties} reads from and {@link #markdownTable()} renders (README's configuration section is that
 * rendering; {@code ReadmeConfigTableTest} keeps the two equal). {@code processing.guarantee} must stay
 * {@code exactly_once_v2} for an exact restore.
 * Each key can be overridden by an environment variable: {@code ERSTREAM_} + the key without its
 * {@code erstream.} prefix, upper-cased, dots and dashes as underscores (e.g. {@code ERSTREAM_MODEL_KIND},
 * {@code ERSTREAM_BOOTSTRAP_SERVERS}, {@code ERSTREAM_TOPIC_DEAD_LETTERS}). Every other property is passed to Kafka
 * Streams and its clients unchanged (TLS, SASL, commit.interval.ms, state.dir …). An unknown {@code erstream.*}
 * key is an error, so a typo cannot silently fall back to a default.
 */
public record StreamConfig(
        String examplesTopic,
        String predictionsTopic,
        String metricsTopic,
        String modelsTopic,
        String deadLettersTopic,
        String driftTopic,
        String modelEventsTopic,
        String applicationId,
        String bootstrapServers,
        String processingGuarantee,
        Task modelKind,
        List<String> labels,
        double forgetting,
        double tmax,
        double regu,
        CovarianceKind covariance,
        boolean standardize,
        String driftDetector,
        DriftPolicy driftPolicy,
        int snapshotInterval,
        Duration metricsInterval,
        Duration modelsInterval,
        int maxRecordBytes,
        int maxFeatures,
        FeatureEncoder.Settings featureEncoding,
        int httpPort,
        String warmStart,
        Map<String, String> passThrough,
        int maxKeyBytes,
        int deadLetterValueBytes,
        RecordErrors recordErrors,
        ThreadErrors threadErrors,
        boolean warmStartRebuild,
        Http http,
        long modelsCacheBytes,
        boolean persistentStore,
        long rocksDbMemoryBytes,
        Duration modelTtl,
        Membership membership,
        String labelsTopic,
        Duration labelsRetention) {

    /**
     * How this instance takes part in its group, for handover and failover: {@code standbys} warm copies of each
     * task's store on other instances (a failed task resumes from one, and queries read it meanwhile), the changelog
     * lag within which a copy counts as caught up and takes over at once, how long a silent member keeps its
     * partitions, and an optional static identity ({@code group.instance.id}), with which a restart within the
     * session timeout gets its partitions back without a rebalance; and {@code application.server}, where the
     * other instances reach this one's HTTP API (empty: a single instance).
     */
    public record Membership(int standbys, long acceptableRecoveryLag, int sessionTimeoutMs, String instanceId,
                             String applicationServer) {

        /** Static membership: a restart keeps the instance's partitions, and closing does not leave the group. */
        public boolean isStatic() {
            return !instanceId.isEmpty();
        }
    }

    /** What a record that fails inside erstream (not a bad record: those are always dead-lettered) leads to. */
    public enum RecordErrors {
        /** Dead-letter it with reason {@code internal}, count it, go on: the model is as before the record. */
        CONTINUE,
        /** Stop the instance: the record is not committed and is read again after a restart. */
        FAIL
    }

    /** What a stream thread that dies anyway leads to (Kafka Streams' uncaught exception responses). */
    public enum ThreadErrors {
        REPLACE, SHUTDOWN_CLIENT, SHUTDOWN_APPLICATION
    }

    /**
     * The HTTP API's settings. {@code authToken} is the token itself, read from {@code erstream.http.auth.token}
     * (best set through the environment) or from the file of {@code erstream.http.auth.token.file}; empty: no
     * authentication.
     */
    public record Http(String bind, int port, String keystore, String keystorePassword, String authToken,
                       boolean authMetrics, boolean authHealth, int threads, Duration readTimeout,
                       Duration forwardTimeout) {

        public boolean tls() {
            return !keystore.isEmpty();
        }

        public boolean authenticated() {
            return !authToken.isEmpty();
        }

        @Override
        public String toString() { // never print the secrets
            return "Http[bind=" + bind + ", port=" + port + ", tls=" + tls() + ", auth=" + authenticated() + "]";
        }
    }

    public static final String APPLICATION_ID = StreamsConfig.APPLICATION_ID_CONFIG;
    public static final String BOOTSTRAP_SERVERS = StreamsConfig.BOOTSTRAP_SERVERS_CONFIG;
    public static final String PROCESSING_GUARANTEE = StreamsConfig.PROCESSING_GUARANTEE_CONFIG;
    public static final String TOPIC_EXAMPLES = "erstream.topic.examples";
    public static final String TOPIC_PREDICTIONS = "erstream.topic.predictions";
    public static final String TOPIC_METRICS = "erstream.topic.metrics";
    public static final String TOPIC_MODELS = "erstream.topic.models";
    public static final String TOPIC_DEAD_LETTERS = "erstream.topic.dead-letters";
    public static final String TOPIC_DRIFT = "erstream.topic.drift";
    public static final String TOPIC_MODEL_EVENTS = "erstream.topic.model-events";
    public static final String TOPIC_LABELS = "erstream.topic.labels";
    public static final String LABELS_RETENTION_MS = "erstream.labels.retention.ms";
    public static final String MODEL_KIND = "erstream.model.kind";
    public static final String MODEL_LABELS = "erstream.model.labels";
    public static final String MODEL_FORGETTING = "erstream.model.forgetting";
    public static final String MODEL_TMAX = "erstream.model.tmax";
    public static final String MODEL_REGU = "erstream.model.regu";
    public static final String MODEL_COVARIANCE = "erstream.model.covariance";
    public static final String MODEL_STANDARDIZE = "erstream.model.standardize";
    public static final String MODEL_WARM_START = "erstream.model.warm-start";
    public static final String DRIFT_DETECTOR = "erstream.drift.detector";
    public static final String DRIFT_POLICY = "erstream.drift.policy";
    /** The {@link #DRIFT_DETECTOR} value that turns detection off. */
    public static final String NO_DETECTOR = "none";
    public static final String SNAPSHOT_INTERVAL = "erstream.snapshot.interval";
    public static final String METRICS_INTERVAL_MS = "erstream.metrics.interval.ms";
    public static final String MODELS_INTERVAL_MS = "erstream.models.interval.ms";
    public static final String MAX_RECORD_BYTES = "erstream.max.record.bytes";
    public static final String MAX_FEATURES = "erstream.max.features";
    public static final String FEATURES_STRINGS = "erstream.features.strings";
    public static final String FEATURES_CATEGORIES_MAX = "erstream.features.categories.max";
    public static final String FEATURES_RESERVE = "erstream.features.reserve";
    public static final String HTTP_PORT = "erstream.http.port";
    public static final String MAX_KEY_BYTES = "erstream.max.key.bytes";
    public static final String DEAD_LETTER_VALUE_BYTES = "erstream.dead-letters.max.value.bytes";
    public static final String ERRORS_RECORD = "erstream.errors.record";
    public static final String ERRORS_THREAD = "erstream.errors.thread";
    public static final String MODEL_WARM_START_REBUILD = "erstream.model.warm-start.rebuild";
    public static final String MODELS_CACHE_BYTES = "erstream.models.cache.bytes";
    public static final String STORE = "erstream.store";
    public static final String ROCKSDB_MEMORY_BYTES = "erstream.rocksdb.memory.bytes";
    public static final String MODEL_TTL_MS = "erstream.model.ttl.ms";
    public static final String NUM_STANDBY_REPLICAS = StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG;
    public static final String ACCEPTABLE_RECOVERY_LAG = StreamsConfig.ACCEPTABLE_RECOVERY_LAG_CONFIG;
    public static final String SESSION_TIMEOUT_MS = ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG;
    public static final String INSTANCE_ID = "erstream.instance.id";
    public static final String APPLICATION_SERVER = StreamsConfig.APPLICATION_SERVER_CONFIG;
    public static final String HTTP_BIND = "erstream.http.bind";
    public static final String HTTP_TLS_KEYSTORE = "erstream.http.tls.keystore";
    public static final String HTTP_TLS_KEYSTORE_PASSWORD = "erstream.http.tls.keystore.password";
    public static final String HTTP_AUTH_TOKEN_FILE = "erstream.http.auth.token.file";
    public static final String HTTP_AUTH_TOKEN = "erstream.http.auth.token";
    public static final String HTTP_AUTH_METRICS = "erstream.http.auth.metrics";
    public static final String HTTP_AUTH_HEALTH = "erstream.http.auth.health";
    public static final String HTTP_THREADS = "erstream.http.threads";
    public static final String HTTP_READ_TIMEOUT_MS = "erstream.http.read.timeout.ms";
    public static final String HTTP_FORWARD_TIMEOUT_MS = "erstream.http.forward.timeout.ms";
    /**
     * The largest value a dead letter carries: base64 makes it 4/3 larger, and with the bounded key, error and
     * field it must stay under the dead-letter topic's {@code max.message.bytes} of 1 MiB.
     */
    public static final int MAX_DEAD_LETTER_VALUE_BYTES = 512 * 1024;
    /** The longest model key: a key is stored in every snapshot as a Java modified-UTF-8 string (≤ 65,535 bytes). */
    public static final int MAX_MODEL_KEY_BYTES = 16 * 1024;

    /**
     * The largest model record: snapshots carry a (d+1)² matrix, so the producer's {@code max.request.size}
     * (default 1 MiB) is raised above this in {@link #streamsProperties()}, and {@code erstream.models} and the
     * store's changelog allow 8 MiB messages ({@code topics/topics.yaml}).
     */
    public static final int MAX_MODEL_BYTES = 8 * 1024 * 1024;
    /** The largest snapshot a model may reach: the model size limit less room for the record's key and framing. */
    public static final int MAX_SNAPSHOT_BYTES = MAX_MODEL_BYTES - 64 * 1024;

    /** What kind of value a key takes. */
    public enum Type {
        /** Text; {@link Definition#required} text must not be empty. */
        STRING,
        /** A Kafka topic name ({@link TopicName}); one that is not {@link Definition#required} may be empty. */
        TOPIC,
        /** Comma-separated text, no empty entry. */
        LIST,
        /** A decimal number. */
        DOUBLE,
        /** A 32-bit integer in [min, max]. */
        INT,
        /** A 64-bit integer in [min, max]. */
        LONG,
        /** {@code false} or {@code true}. */
        BOOLEAN,
        /** One of a fixed list of values. */
        CHOICE
    }

    /**
     * One configuration key, in the manner of Kafka's {@code ConfigDef} but small: its name, type, default (as
     * text), validation ({@code min}/{@code max} for integers, {@code allowed} for choices and booleans, the default
     * first; {@code required} for text that must not be empty) and what it means.
     */
    public record Definition(String name, Type type, String defaultValue, boolean required, long min, long max,
                             List<String> allowed, String doc) {

        public Definition {
            allowed = List.copyOf(allowed);
        }

        static Definition text(String name, String defaultValue, String doc) {
            return new Definition(name, Type.STRING, defaultValue, true, 0, 0, List.of(), doc);
        }

        static Definition optionalText(String name, String doc) {
            return new Definition(name, Type.STRING, "", false, 0, 0, List.of(), doc);
        }

        static Definition topic(String name, String defaultValue, String doc) {
            return new Definition(name, Type.TOPIC, defaultValue, true, 0, 0, List.of(), doc);
        }

        /** A topic that may be set empty (to go without it). */
        static Definition optionalTopic(String name, String defaultValue, String doc) {
            return new Definition(name, Type.TOPIC, defaultValue, false, 0, 0, List.of(), doc);
        }

        static Definition list(String name, String defaultValue, String doc) {
            return new Definition(name, Type.LIST, defaultValue, true, 0, 0, List.of(), doc);
        }

        static Definition number(String name, double defaultValue, String doc) {
            return new Definition(name, Type.DOUBLE, Double.toString(defaultValue), true, 0, 0, List.of(), doc);
        }

        static Definition integer(String name, int defaultValue, int min, int max, String doc) {
            return new Definition(name, Type.INT, Integer.toString(defaultValue), true, min, max, List.of(), doc);
        }

        static Definition longInteger(String name, long defaultValue, long min, long max, String doc) {
            return new Definition(name, Type.LONG, Long.toString(defaultValue), true, min, max, List.of(), doc);
        }

        static Definition flag(String name, String doc) {
            return flag(name, false, doc);
        }

        static Definition flag(String name, boolean defaultValue, String doc) {
            return new Definition(name, Type.BOOLEAN, Boolean.toString(defaultValue), true, 0, 0,
                    List.of("false", "true"), doc);
        }

        static Definition choice(String name, String doc, String... allowed) {
            return new Definition(name, Type.CHOICE, allowed[0], true, 0, 0, List.of(allowed), doc);
        }

        /** The valid values, as the configuration table shows them. */
        public String validValues() {
            return switch (type) {
                case STRING -> required ? "non-empty" : "any";
                case TOPIC -> "topic name" + (required ? "" : ", or empty");
                case LIST -> "comma-separated, no empty entry";
                case DOUBLE -> "number";
                case INT -> range(Integer.MAX_VALUE);
                case LONG -> range(Long.MAX_VALUE);
                case BOOLEAN, CHOICE -> String.join(", ", allowed.stream().map(a -> "`" + a + "`").toList());
            };
        }

        private String range(long unbounded) {
            return max == unbounded ? "≥ " + min : min + " … " + max;
        }
    }

    /** The stores, whose changelog topics are named after the application id. */
    private static final List<String> STORES = List.of(ModelStore.NAME, PendingLabels.NAME);
    /** The longest application id whose changelog topics' names are legal. */
    static final int MAX_APPLICATION_ID = TopicName.MAX_LENGTH
            - STORES.stream().mapToInt(store -> changelog("", store).length()).max().orElseThrow();

    /** The table: every key this class reads, in the order the error for an unknown key lists them. */
    private static final List<Definition> DEFINITIONS = List.of(
            Definition.text(APPLICATION_ID, "erstream", "Kafka Streams application id, the prefix "
                    + "of the changelog topics: ≤ " + MAX_APPLICATION_ID + " of `a-zA-Z0-9._-`"),
            Definition.text(BOOTSTRAP_SERVERS, "localhost:9092", "Kafka brokers to connect to"),
            Definition.choice(PROCESSING_GUARANTEE, "`at_least_once`: a crash can learn an example twice, and a "
                    + "restored model is no longer exact", StreamsConfig.EXACTLY_ONCE_V2, StreamsConfig.AT_LEAST_ONCE),
            Definition.topic(TOPIC_EXAMPLES, TopicCatalog.EXAMPLES, "input topic of labelled (and unlabelled) examples"),
            Definition.topic(TOPIC_PREDICTIONS, TopicCatalog.PREDICTIONS, "one prediction per example"),
            Definition.topic(TOPIC_METRICS, TopicCatalog.METRICS, "per-model quality metrics"),
            Definition.topic(TOPIC_MODELS, TopicCatalog.MODELS, "compacted model snapshots"),
            Definition.topic(TOPIC_DEAD_LETTERS, TopicCatalog.DEAD_LETTERS, "records that cannot be used, with the reason"),
            Definition.topic(TOPIC_DRIFT, TopicCatalog.DRIFT, "where drift events go"),
            Definition.topic(TOPIC_MODEL_EVENTS, TopicCatalog.MODEL_EVENTS, "where model life-cycle events go"),
            Definition.optionalTopic(TOPIC_LABELS, TopicCatalog.LABELS, "input topic of delayed labels, "
                    + "co-partitioned with the examples; empty: inline labels only"),
            Definition.longInteger(LABELS_RETENTION_MS, 3_600_000, 0, Long.MAX_VALUE, "record time an unlabelled "
                    + "example waits for its label, and a label for its example; 0 = none is kept"),
            Definition.choice(MODEL_KIND, "what every new model is", "classifier", "regressor"),
            Definition.list(MODEL_LABELS, "0,1", "class names, in index order, of every new classifier (distinct)"),
            Definition.number(MODEL_FORGETTING, LearnerSpec.DEFAULT_FORGETTING, "in (0, 1]: shortest memory of the "
                    + "adaptive forgetting factor (λ moves between this and 1; memory ≈ 1/(1−λ))"),
            Definition.number(MODEL_TMAX, LearnerSpec.DEFAULT_TMAX, "positive: cap on the reflected field's "
                    + "magnitude (6 suits a warm start)"),
            Definition.number(MODEL_REGU, LearnerSpec.DEFAULT_REGU, "positive: ridge strength, the RLS prior is I/regu"),
            Definition.choice(MODEL_COVARIANCE, "RLS covariance of new models: `full` O(d²) or `diagonal` O(d), for "
                    + "wide inputs (less accurate on correlated features)", CovarianceKind.FULL.label(), CovarianceKind.DIAGONAL.label()),
            Definition.flag(MODEL_STANDARDIZE, true, "online standardisation; `false` suits sparse inputs of one scale "
                    + "(pixels)"),
            Definition.optionalText(MODEL_WARM_START, "a warm-start file (`fit --model mlp … --save FILE`) every new "
                    + "key starts from; empty = linear, from zero. Start-up checks its classes and inputs against "
                    + "this configuration"),
            Definition.choice(DRIFT_DETECTOR, "drift detector on each classifier's prequential error (regressors "
                    + "get none)", detectorNames()),
            Definition.choice(DRIFT_POLICY, "what a detected drift does", DriftPolicy.RESET_COVARIANCE.label(),
                    DriftPolicy.NONE.label(), DriftPolicy.RESET_MODEL.label(), DriftPolicy.WARN_THEN_SWAP.label()),
            Definition.integer(SNAPSHOT_INTERVAL, 0, 0, 1 << 20, "updates between full snapshots; 0 = automatic: "
                    + "4 × snapshot bytes ÷ journal-entry bytes (64 for d = 10)"),
            Definition.integer(METRICS_INTERVAL_MS, 10_000, 10, Integer.MAX_VALUE, "how often per-model metrics go "
                    + "to `erstream.metrics` (wall clock)"),
            Definition.integer(MODELS_INTERVAL_MS, 10_000, 0, Integer.MAX_VALUE, "how often each new or changed "
                    + "model's snapshot goes to `erstream.models` (and a changed model's as it leaves the cache); "
                    + "0 = never"),
            Definition.integer(MAX_RECORD_BYTES, 1 << 20, 64, Integer.MAX_VALUE, "larger input values are "
                    + "dead-lettered as `oversized`"),
            Definition.integer(MAX_FEATURES, 256, 1, 4096, "more features are dead-lettered; a value whose models "
                    + "could exceed the 8 MiB model limit is refused at start-up (a snapshot holds a (d+1)² matrix)"),
            Definition.choice(FEATURES_STRINGS, "how a new model of named features encodes strings: one-hot "
                    + "over a vocabulary learnt online, or hashed", "vocabulary", "hashing"),
            Definition.integer(FEATURES_CATEGORIES_MAX, 32, 1, 4096, "inputs per string field: the vocabulary's "
                    + "cap (then one overflow input), or the hashing width"),
            Definition.integer(FEATURES_RESERVE, 8, 0, 4096, "spare inputs and fields of a new model of named "
                    + "features, for later fields, categories and missing indicators"),
            Definition.integer(HTTP_PORT, 8080, 0, 65535, "HTTP API (`/models`, `/predict`), `/metrics`, `/health`, "
                    + "`/ready`; 0 = any free port"),
            Definition.integer(MAX_KEY_BYTES, 1024, 1, MAX_MODEL_KEY_BYTES, "longer record keys are dead-lettered "
                    + "as `oversized`"),
            Definition.integer(DEAD_LETTER_VALUE_BYTES, 256 * 1024, 0, MAX_DEAD_LETTER_VALUE_BYTES, "a dead letter "
                    + "carries at most this much of the value (with its size and SHA-256); checked at start-up "
                    + "against the dead-letter topic's `max.message.bytes`"),
            Definition.choice(ERRORS_RECORD, "a record that fails inside erstream: `continue` dead-letters it "
                    + "(reason `internal`, model unchanged), `fail` stops the instance; bad input is always "
                    + "dead-lettered", "continue", "fail"),
            Definition.choice(ERRORS_THREAD, "a stream thread that dies anyway: `replace` it (counted), or shut "
                    + "down the client or the application", "replace", "shutdown-client", "shutdown-application"),
            Definition.flag(MODEL_WARM_START_REBUILD, "`true`: a task whose stored models were made from another "
                    + "warm start deletes them and starts every key again (else it refuses to start)"),
            Definition.text(HTTP_BIND, "0.0.0.0", "the address the HTTP API listens on"),
            Definition.optionalText(HTTP_TLS_KEYSTORE, "a PKCS#12 keystore: serve HTTPS (and forward to other "
                    + "instances over HTTPS); empty = plain HTTP; must be readable"),
            Definition.optionalText(HTTP_TLS_KEYSTORE_PASSWORD, "the keystore's password"),
            Definition.optionalText(HTTP_AUTH_TOKEN_FILE, "a file holding the bearer token (not empty); set this or "
                    + "`erstream.http.auth.token`, not both"),
            Definition.optionalText(HTTP_AUTH_TOKEN, "a bearer token `/models` and `/predict` require; set it as "
                    + "`ERSTREAM_HTTP_AUTH_TOKEN` or in a file; empty = no authentication"),
            Definition.flag(HTTP_AUTH_METRICS, "`true`: `/metrics` needs the token too (then a token must be set)"),
            Definition.flag(HTTP_AUTH_HEALTH, "`true`: `/health` and `/ready` need the token too (then a token must "
                    + "be set)"),
            Definition.integer(HTTP_THREADS, 8, 1, 256, "API requests served at once; more get 503 with "
                    + "`Retry-After: 1`. Probes and `/metrics` need no permit"),
            Definition.integer(HTTP_READ_TIMEOUT_MS, 10_000, 100, 3_600_000, "a request (headers and body) not read "
                    + "by then has its connection closed"),
            Definition.integer(HTTP_FORWARD_TIMEOUT_MS, 5_000, 100, 600_000, "a query forwarded to the key's owner "
                    + "(connect and answer) gives up after this: 504"),
            Definition.longInteger(MODELS_CACHE_BYTES, 256L << 20, 1, Long.MAX_VALUE, "heap for the live models of "
                    + "all tasks (≈ 4.4 KB per model at d = 10); the least recently used leave it at no write"),
            Definition.choice(STORE, "where models are stored: on disk or in memory; both are changelogged",
                    "rocksdb", "memory"),
            Definition.longInteger(ROCKSDB_MEMORY_BYTES, 64L << 20, 8L << 20, Long.MAX_VALUE, "one block cache for "
                    + "every RocksDB store of the JVM, a quarter of it for write buffers, index and filter blocks "
                    + "included"),
            Definition.longInteger(MODEL_TTL_MS, 0, 0, Long.MAX_VALUE, "0 = off; else a model idle longer (its last "
                    + "update's event time against stream time) is deleted, with tombstones and an event on "
                    + "`erstream.model-events`"),
            Definition.integer(NUM_STANDBY_REPLICAS, 1, 0, 16, "warm copies of each store on other instances: a "
                    + "lost task resumes from one, queries read it meanwhile ([failover](docs/failover.md))"),
            Definition.longInteger(ACCEPTABLE_RECOVERY_LAG, 10_000, 0, Long.MAX_VALUE, "a copy this far behind its "
                    + "changelog still takes a task over at once"),
            Definition.integer(SESSION_TIMEOUT_MS, 10_000, 1_000, 1_800_000, "a silent (killed) member loses its "
                    + "partitions after this; the broker bounds it"),
            Definition.optionalText(INSTANCE_ID, "static membership (`group.instance.id`, e.g. the pod name): a "
                    + "restart within the session timeout keeps its partitions; empty: a clean stop leaves the group"),
            Definition.optionalText(APPLICATION_SERVER, "`host:port` where the other instances reach this one's "
                    + "HTTP API: any instance answers for any key; empty = one instance"));

    private static final Map<String, Definition> BY_NAME = byName();

    private static final List<String> KEYS = DEFINITIONS.stream().map(Definition::name).toList();

    private static Map<String, Definition> byName() {
        Map<String, Definition> map = new LinkedHashMap<>();
        for (Definition d : DEFINITIONS) {
            if (map.put(d.name(), d) != null) {
                throw new IllegalStateException("duplicate configuration key " + d.name());
            }
        }
        return map;
    }

    /** Every key this class reads, with its type, default, valid values and meaning. */
    public static List<Definition> definitions() {
        return DEFINITIONS;
    }

    /**
     * The configuration table in Markdown, one row per key: what README's configuration section shows between
     * its {@code config-table} markers.
     */
    public static String markdownTable() {
        StringBuilder out = new StringBuilder("| key | type | default | valid values | meaning |\n"
                + "|---|---|---|---|---|\n");
        for (Definition d : DEFINITIONS) {
            String def = d.defaultValue().isEmpty() ? "*(empty)*" : "`" + d.defaultValue() + "`";
            out.append("| `").append(d.name()).append("` | ").append(d.type().name().toLowerCase(Locale.ROOT))
                    .append(" | ").append(def).append(" | ").append(cell(d.validValues())).append(" | ")
                    .append(cell(d.doc())).append(" |\n");
        }
        return out.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }

    public StreamConfig {
        labels = List.copyOf(labels);
        passThrough = Map.copyOf(passThrough);
        if (modelKind == Task.CLASSIFICATION && new HashSet<>(labels).size() != labels.size()) {
            throw new IllegalArgumentException(MODEL_LABELS + ": labels must be distinct, got " + labels);
        }
        try {
            spec(modelKind, labels, forgetting, tmax, regu, covariance, standardize); // fields are not assigned yet in a compact constructor
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(modelKeyOf(e.getMessage()) + ": " + e.getMessage(), e);
        }
    }

    private static String modelKeyOf(String message) {
        if (message.startsWith("forgetting")) {
            return MODEL_FORGETTING;
        } else if (message.startsWith("tmax")) {
            return MODEL_TMAX;
        } else if (message.startsWith("regu")) {
            return MODEL_REGU;
        }
        return MODEL_LABELS;
    }

    /** The defaults, with no properties and no environment. */
    public static StreamConfig defaults() {
        return fromProperties(new Properties(), Map.of());
    }

    /** Reads {@code properties}, overridden by {@code ERSTREAM_*} environment variables. */
    public static StreamConfig fromProperties(Properties properties) {
        return fromProperties(properties, System.getenv());
    }

    /** As {@link #fromProperties(Properties)} with an explicit environment (for tests). */
    public static StreamConfig fromProperties(Properties properties, Map<String, String> environment) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : properties.stringPropertyNames()) {
            values.put(name, properties.getProperty(name).trim());
        }
        for (String key : KEYS) {
            String fromEnv = environment.get(environmentName(key));
            if (fromEnv != null) {
                values.put(key, fromEnv.trim());
            }
        }
        for (String name : values.keySet()) {
            if (name.startsWith("erstream.") && !KEYS.contains(name)) {
                throw new IllegalArgumentException("unknown setting '" + name + "'; known erstream settings: "
                        + KEYS.stream().filter(k -> k.startsWith("erstream.")).toList());
            }
        }
        Reader r = new Reader(values);
        Map<String, String> passThrough = new LinkedHashMap<>(values);
        KEYS.forEach(passThrough::remove);
        String labelsTopic = r.topic(TOPIC_LABELS);
        return new StreamConfig(
                r.topic(TOPIC_EXAMPLES),
                r.topic(TOPIC_PREDICTIONS),
                r.topic(TOPIC_METRICS),
                r.topic(TOPIC_MODELS),
                r.topic(TOPIC_DEAD_LETTERS),
                r.topic(TOPIC_DRIFT),
                r.topic(TOPIC_MODEL_EVENTS),
                applicationId(r),
                r.text(BOOTSTRAP_SERVERS),
                r.oneOf(PROCESSING_GUARANTEE),
                r.oneOf(MODEL_KIND).equals("classifier") ? Task.CLASSIFICATION : Task.REGRESSION,
                r.list(MODEL_LABELS),
                r.number(MODEL_FORGETTING),
                r.number(MODEL_TMAX),
                r.number(MODEL_REGU),
                CovarianceKind.of(r.oneOf(MODEL_COVARIANCE)),
                r.flag(MODEL_STANDARDIZE),
                r.oneOf(DRIFT_DETECTOR),
                DriftPolicy.of(r.oneOf(DRIFT_POLICY)),
                r.integer(SNAPSHOT_INTERVAL),
                Duration.ofMillis(r.integer(METRICS_INTERVAL_MS)),
                Duration.ofMillis(r.integer(MODELS_INTERVAL_MS)),
                r.integer(MAX_RECORD_BYTES),
                r.integer(MAX_FEATURES),
                new FeatureEncoder.Settings(FeatureEncoder.Strings.of(r.oneOf(FEATURES_STRINGS)),
                        r.integer(FEATURES_CATEGORIES_MAX), r.integer(FEATURES_RESERVE), r.integer(MAX_FEATURES)),
                r.integer(HTTP_PORT),
                r.optionalText(MODEL_WARM_START),
                passThrough,
                r.integer(MAX_KEY_BYTES),
                r.integer(DEAD_LETTER_VALUE_BYTES),
                RecordErrors.valueOf(r.oneOf(ERRORS_RECORD).toUpperCase(Locale.ROOT)),
                ThreadErrors.valueOf(r.oneOf(ERRORS_THREAD).toUpperCase(Locale.ROOT).replace('-', '_')),
                r.flag(MODEL_WARM_START_REBUILD),
                http(r),
                r.longInteger(MODELS_CACHE_BYTES),
                r.oneOf(STORE).equals("rocksdb"),
                r.longInteger(ROCKSDB_MEMORY_BYTES),
                Duration.ofMillis(r.longInteger(MODEL_TTL_MS)),
                new Membership(r.integer(NUM_STANDBY_REPLICAS), r.longInteger(ACCEPTABLE_RECOVERY_LAG),
                        r.integer(SESSION_TIMEOUT_MS), r.optionalText(INSTANCE_ID), r.optionalText(APPLICATION_SERVER)),
                labelsTopic,
                labelsRetention(r, labelsTopic));
    }

    /** The name of a store's changelog topic, as Kafka Streams makes it. */
    private static String changelog(String applicationId, String store) {
        return applicationId + "-" + store + "-changelog";
    }

    /**
     * The application id, which Kafka Streams accepts as any text but uses to name the changelog topics of the
     * stores ({@code <application.id>-<store>-changelog}) and the state directory: it must make legal topic names.
     */
    private static String applicationId(Reader r) {
        String id = r.text(APPLICATION_ID);
        for (String store : STORES) {
            String changelog = changelog(id, store);
            String problem = TopicName.problem(changelog);
            if (problem != null) {
                throw new IllegalArgumentException(APPLICATION_ID + ": '" + id + "' cannot name the changelog topic '"
                        + changelog + "': " + problem);
            }
        }
        return id;
    }

    /** The configured retention, read (and checked) always, but none without a labels topic: no label can come. */
    private static Duration labelsRetention(Reader r, String labelsTopic) {
        long retention = r.longInteger(LABELS_RETENTION_MS);
        return Duration.ofMillis(labelsTopic.isEmpty() ? 0 : retention);
    }

    private static Http http(Reader r) {
        String token = r.optionalText(HTTP_AUTH_TOKEN);
        String tokenFile = r.optionalText(HTTP_AUTH_TOKEN_FILE);
        if (!token.isEmpty() && !tokenFile.isEmpty()) {
            throw new IllegalArgumentException(HTTP_AUTH_TOKEN + " and " + HTTP_AUTH_TOKEN_FILE
                    + " are both set; set one");
        }
        if (!tokenFile.isEmpty()) {
            try {
                token = Files.readString(Path.of(tokenFile)).strip();
            } catch (IOException e) {
                throw new IllegalArgumentException(HTTP_AUTH_TOKEN_FILE + ": cannot read " + tokenFile + ": " + e, e);
            }
            if (token.isEmpty()) {
                throw new IllegalArgumentException(HTTP_AUTH_TOKEN_FILE + ": " + tokenFile + " is empty");
            }
        }
        String keystore = r.optionalText(HTTP_TLS_KEYSTORE);
        if (!keystore.isEmpty() && !Files.isReadable(Path.of(keystore))) {
            throw new IllegalArgumentException(HTTP_TLS_KEYSTORE + ": cannot read " + keystore);
        }
        boolean authMetrics = r.flag(HTTP_AUTH_METRICS);
        boolean authHealth = r.flag(HTTP_AUTH_HEALTH);
        if ((authMetrics || authHealth) && token.isEmpty()) {
            throw new IllegalArgumentException((authMetrics ? HTTP_AUTH_METRICS : HTTP_AUTH_HEALTH)
                    + "=true needs a token (" + HTTP_AUTH_TOKEN + " or " + HTTP_AUTH_TOKEN_FILE + ")");
        }
        return new Http(r.text(HTTP_BIND), r.integer(HTTP_PORT), keystore,
                r.optionalText(HTTP_TLS_KEYSTORE_PASSWORD), token, authMetrics, authHealth,
                r.integer(HTTP_THREADS),
                Duration.ofMillis(r.integer(HTTP_READ_TIMEOUT_MS)),
                Duration.ofMillis(r.integer(HTTP_FORWARD_TIMEOUT_MS)));
    }

    /** Valid {@link #DRIFT_DETECTOR} values, the default (HDDM-Bernstein, the measured best; see docs/results/online-er.md) first. */
    private static String[] detectorNames() {
        List<String> names = new ArrayList<>(List.of(Detectors.HDDM_BERNSTEIN));
        Detectors.names().stream().filter(n -> !n.equals(Detectors.HDDM_BERNSTEIN)).forEach(names::add);
        names.add(NO_DETECTOR);
        return names.toArray(String[]::new);
    }

    /**
     * The drift state a new model key starts with: a fresh detector and the policy, or null for regressors and
     * {@code erstream.drift.detector=none}.
     */
    DriftResponse newDrift() {
        if (modelKind != Task.CLASSIFICATION || driftDetector.equals(NO_DETECTOR)) {
            return null;
        }
        return newDrift(null);
    }

    /** As {@link #newDrift()}, with reset-model and warn-then-swap restarting from {@code warm} (or zero if null). */
    DriftResponse newDrift(WarmStart warm) {
        if (modelKind != Task.CLASSIFICATION || driftDetector.equals(NO_DETECTOR)) {
            return null;
        }
        return DriftResponse.fresh(Detectors.byName(driftDetector), driftPolicy, warm);
    }

    /**
     * The warm start of {@code erstream.model.warm-start}, read and checked against this configuration, or null if
     * the key is empty. Called once at start-up: a missing or malformed file, a regressor, or a label set of
     * another size than the warm start's classes is an error naming the file.
     */
    public WarmStart loadWarmStart() {
        if (warmStart.isEmpty()) {
            return null;
        }
        Path file = Path.of(warmStart);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(MODEL_WARM_START + ": cannot read " + file + ": " + e, e);
        }
        WarmStart warm;
        try {
            warm = ModelCodec.decodeWarmStart(bytes);
        } catch (ModelFormatException e) {
            throw new IllegalArgumentException(MODEL_WARM_START + ": " + file + " is not a warm start: "
                    + e.getMessage(), e);
        }
        if (modelKind != Task.CLASSIFICATION) {
            throw new IllegalArgumentException(MODEL_WARM_START + ": " + file + " classifies " + warm.classes()
                    + " classes; " + MODEL_KIND + " is regressor");
        }
        if (warm.classes() != labels.size()) {
            throw new IllegalArgumentException(MODEL_WARM_START + ": " + file + " classifies " + warm.classes()
                    + " classes, but " + MODEL_LABELS + " names " + labels.size() + " " + labels);
        }
        if (warm.dimension() > maxFeatures) {
            throw new IllegalArgumentException(MODEL_WARM_START + ": " + file + " reads " + warm.dimension()
                    + " features, more than " + MAX_FEATURES + " = " + maxFeatures);
        }
        return warm;
    }

    /** The environment variable that overrides {@code key}. */
    public static String environmentName(String key) {
        String bare = key.startsWith("erstream.") ? key.substring("erstream.".length()) : key;
        return "ERSTREAM_" + bare.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The learner every new model key starts with. */
    public LearnerSpec learnerSpec() {
        return spec(modelKind, labels, forgetting, tmax, regu, covariance, standardize);
    }

    private static LearnerSpec spec(Task modelKind, List<String> labels, double forgetting, double tmax,
                                    double regu, CovarianceKind covariance, boolean standardize) {
        LearnerSpec base = modelKind == Task.CLASSIFICATION ? LearnerSpec.classifier(labels.size())
                : LearnerSpec.regressor();
        return base.withForgetting(forgetting).withTmax(tmax).withRegu(regu).withCovariance(covariance)
                .withStandardize(standardize);
    }

    public boolean exactlyOnce() {
        return processingGuarantee.equals(StreamsConfig.EXACTLY_ONCE_V2);
    }

    /**
     * Whether labels may come later, through their own topic. Without one every task reads the examples topic
     * alone, so Kafka Streams never waits on, or checks per record, an empty co-partitioned labels partition.
     */
    public boolean delayedLabels() {
        return !labelsTopic.isEmpty();
    }

    /**
     * Properties for {@code new KafkaStreams(topology, props)}: the pass-through settings plus application id,
     * bootstrap servers, guarantee, the {@link Membership} settings, and a producer request limit large enough for
     * model snapshots unless the caller set one.
     */
    public Properties streamsProperties() {
        Properties p = new Properties();
        p.putAll(passThrough);
        p.put(APPLICATION_ID, applicationId);
        p.put(BOOTSTRAP_SERVERS, bootstrapServers);
        p.put(PROCESSING_GUARANTEE, processingGuarantee);
        p.put(NUM_STANDBY_REPLICAS, Integer.toString(membership.standbys()));
        p.put(ACCEPTABLE_RECOVERY_LAG, Long.toString(membership.acceptableRecoveryLag()));
        p.put(SESSION_TIMEOUT_MS, Integer.toString(membership.sessionTimeoutMs()));
        if (membership.isStatic()) {
            p.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, membership.instanceId());
        }
        if (!membership.applicationServer().isEmpty()) {
            p.put(APPLICATION_SERVER, membership.applicationServer());
        }
        // Bad input never reaches Kafka Streams' handlers (the processor dead-letters it); opting in silences
        // the 4.x start-up warning and is the default from Kafka 5.0.
        p.putIfAbsent("processing.exception.handler.global.enabled", "true");
        p.putIfAbsent(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, ErrorHandlers.Processing.class.getName());
        p.putIfAbsent(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, ErrorHandlers.Production.class.getName());
        p.put(ErrorHandlers.POLICY, recordErrors.name());
        if (persistentStore) {
            p.putIfAbsent(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDB.class.getName());
            p.put(BoundedRocksDB.MEMORY_BYTES, Long.toString(rocksDbMemoryBytes));
        }
        String requestSize = StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        if (!p.containsKey(requestSize) && !p.containsKey(ProducerConfig.MAX_REQUEST_SIZE_CONFIG)) {
            p.put(requestSize, Integer.toString(MAX_MODEL_BYTES + 64 * 1024));
        }
        return p;
    }

    /** Typed reads that name the offending key; defaults and validation come from the key's {@link Definition}. */
    private record Reader(Map<String, String> values) {
        private static Definition definition(String key, Type type) {
            Definition d = BY_NAME.get(key);
            if (d == null || d.type() != type) {
                throw new IllegalStateException(key + " is not defined as " + type);
            }
            return d;
        }

        String text(String key) {
            String v = values.getOrDefault(key, definition(key, Type.STRING).defaultValue());
            if (v.isEmpty()) {
                throw new IllegalArgumentException(key + " must not be empty");
            }
            return v;
        }

        /** A topic name, checked as Kafka checks it; empty only where the key allows it. */
        String topic(String key) {
            Definition d = definition(key, Type.TOPIC);
            String v = values.getOrDefault(key, d.defaultValue());
            if (v.isEmpty()) {
                if (d.required()) {
                    throw new IllegalArgumentException(key + " must not be empty");
                }
                return v;
            }
            return TopicName.require(key, v);
        }

        String optionalText(String key) {
            return values.getOrDefault(key, definition(key, Type.STRING).defaultValue());
        }

        String oneOf(String key) {
            return oneOf(key, definition(key, Type.CHOICE));
        }

        boolean flag(String key) {
            return oneOf(key, definition(key, Type.BOOLEAN)).equals("true");
        }

        private String oneOf(String key, Definition d) {
            String v = values.getOrDefault(key, d.defaultValue());
            List<String> allowed = d.allowed();
            for (String a : allowed) {
                if (a.equals(v)) {
                    return v;
                }
            }
            throw new IllegalArgumentException(key + " must be one of " + allowed + ", got '" + v + "'");
        }

        List<String> list(String key) {
            String v = values.getOrDefault(key, definition(key, Type.LIST).defaultValue());
            if (v.isEmpty()) {
                throw new IllegalArgumentException(key + " must not be empty");
            }
            List<String> out = new ArrayList<>();
            for (String part : v.split(",")) {
                if (part.isBlank()) {
                    throw new IllegalArgumentException(key + " has an empty entry: '" + values.get(key) + "'");
                }
                out.add(part.trim());
            }
            return out;
        }

        double number(String key) {
            Definition d = definition(key, Type.DOUBLE);
            String v = values.get(key);
            if (v == null) {
                return Double.parseDouble(d.defaultValue());
            }
            try {
                return Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " must be a number, got '" + v + "'");
            }
        }

        long longInteger(String key) {
            return whole(definition(key, Type.LONG));
        }

        int integer(String key) {
            return Math.toIntExact(whole(definition(key, Type.INT)));
        }

        private long whole(Definition d) {
            String key = d.name();
            String v = values.get(key);
            if (v == null) {
                return Long.parseLong(d.defaultValue());
            }
            long n;
            try {
                n = d.type() == Type.INT ? Integer.parseInt(v) : Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " must be an integer, got '" + v + "'");
            }
            if (n < d.min() || n > d.max()) {
                throw new IllegalArgumentException(key + " must be in [" + d.min() + ", " + d.max() + "], got " + n);
            }
            return n;
        }
    }

    /** Keys this class reads (the rest pass through). */
    public static Set<String> keys() {
        return Set.copyOf(KEYS);
    }
}
