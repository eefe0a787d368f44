package io.erstream.stream;

import io.erstream.drift.Detectors;
import io.erstream.drift.DriftPolicy;
import io.erstream.drift.DriftResponse;
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
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Everything the stream application is configured with, typed and validated once at start-up.
 *
 * <p>Keys and defaults ({@link #fromProperties}):
 * <pre>
 * application.id                  erstream
 * bootstrap.servers               localhost:9092
 * processing.guarantee            exactly_once_v2 | at_least_once   (exact restore needs exactly_once_v2)
 * erstream.topic.examples         erstream.examples       (and .predictions, .metrics, .models, .dead-letters, .drift, .model-events)
 * erstream.model.kind             classifier | regressor  (classifier)
 * erstream.model.labels           0,1                     (classifier class names, in index order)
 * erstream.model.forgetting       LearnerSpec.DEFAULT_FORGETTING
 * erstream.model.tmax             LearnerSpec.DEFAULT_TMAX
 * erstream.model.regu             LearnerSpec.DEFAULT_REGU
 * erstream.model.warm-start       (empty)  a warm start file (fit --model mlp --save FILE): new keys start from it
 * erstream.drift.detector        hddm-bernstein | hddm-a | adwin | page-hinkley | ddm | none  (classifiers; regressors get none)
 * erstream.drift.policy          reset-covariance | none | reset-model | warn-then-swap  (the answer to a drift)
 * erstream.snapshot.interval      0 = automatic (snapshot bytes ≈ journal bytes), else updates between snapshots
 * erstream.metrics.interval.ms    10000  (wall-clock period of erstream.metrics emission)
 * erstream.models.interval.ms     10000  (wall-clock period of erstream.models snapshots of changed models)
 * erstream.max.record.bytes       1048576 (larger input values are dead-lettered as oversized)
 * erstream.max.key.bytes          1024   (longer record keys are dead-lettered as oversized)
 * erstream.max.features           256    (a snapshot holds a (d+1)² matrix: 256 → ≈ 0.5 MiB; checked at start-up)
 * erstream.dead-letters.max.value.bytes 262144 (a dead letter carries at most this much of the value)
 * erstream.errors.record          continue | fail   (a record that fails inside erstream: dead-letter it, or stop)
 * erstream.errors.thread          replace | shutdown-client | shutdown-application  (a stream thread that dies)
 * erstream.model.warm-start.rebuild false  (true: drop stored models made from another warm start)
 * erstream.models.cache.bytes     268435456 (heap for live models, all tasks together; the store holds them all)
 * erstream.store                  rocksdb | memory   (where the models are stored; both are changelogged)
 * erstream.rocksdb.memory.bytes   67108864 (RocksDB block cache and write buffers, all stores together)
 * erstream.model.ttl.ms           0      (off; else a model not updated for longer, by record time, is deleted)
 * erstream.http.port              8080   (HTTP API: /metrics, /health, /ready, /models, /predict; 0 = any free port)
 * erstream.http.bind              0.0.0.0 (the address the HTTP API listens on)
 * erstream.http.tls.keystore      (empty: plain HTTP)  a PKCS#12 keystore: serve HTTPS
 * erstream.http.tls.keystore.password (empty)
 * erstream.http.auth.token.file   (empty)  a file holding the bearer token for /models and /predict
 * erstream.http.auth.token        (empty)  the token itself (set it as ERSTREAM_HTTP_AUTH_TOKEN, not in a file)
 * erstream.http.auth.metrics      false  (true: /metrics needs the token too)
 * erstream.http.auth.health       false  (true: /health and /ready need the token too)
 * erstream.http.threads           8      (requests served at once; /health, /ready and /metrics have their own)
 * erstream.http.read.timeout.ms   10000  (a request not fully read by then is closed)
 * erstream.http.forward.timeout.ms 5000  (a query forwarded to the owning instance gives up after this)
 * </pre>
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
        String driftDetector,
        DriftPolicy driftPolicy,
        int snapshotInterval,
        Duration metricsInterval,
        Duration modelsInterval,
        int maxRecordBytes,
        int maxFeatures,
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
        Duration modelTtl) {

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
    public static final String MODEL_KIND = "erstream.model.kind";
    public static final String MODEL_LABELS = "erstream.model.labels";
    public static final String MODEL_FORGETTING = "erstream.model.forgetting";
    public static final String MODEL_TMAX = "erstream.model.tmax";
    public static final String MODEL_REGU = "erstream.model.regu";
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

    /** Model snapshots carry a (d+1)² matrix; the producer must be allowed to send them (see KAFKA-NOTES). */
    public static final int MAX_MODEL_BYTES = 8 * 1024 * 1024;
    /** The largest snapshot a model may reach: the model size limit less room for the record's key and framing. */
    public static final int MAX_SNAPSHOT_BYTES = MAX_MODEL_BYTES - 64 * 1024;

    private static final List<String> KEYS = List.of(APPLICATION_ID, BOOTSTRAP_SERVERS, PROCESSING_GUARANTEE,
            TOPIC_EXAMPLES, TOPIC_PREDICTIONS, TOPIC_METRICS, TOPIC_MODELS, TOPIC_DEAD_LETTERS, TOPIC_DRIFT,
            TOPIC_MODEL_EVENTS,
            MODEL_KIND, MODEL_LABELS, MODEL_FORGETTING, MODEL_TMAX, MODEL_REGU, MODEL_WARM_START, DRIFT_DETECTOR,
            DRIFT_POLICY,
            SNAPSHOT_INTERVAL, METRICS_INTERVAL_MS, MODELS_INTERVAL_MS,
            MAX_RECORD_BYTES, MAX_FEATURES, HTTP_PORT, MAX_KEY_BYTES, DEAD_LETTER_VALUE_BYTES, ERRORS_RECORD,
            ERRORS_THREAD, MODEL_WARM_START_REBUILD, HTTP_BIND, HTTP_TLS_KEYSTORE, HTTP_TLS_KEYSTORE_PASSWORD,
            HTTP_AUTH_TOKEN_FILE, HTTP_AUTH_TOKEN, HTTP_AUTH_METRICS, HTTP_AUTH_HEALTH, HTTP_THREADS,
            HTTP_READ_TIMEOUT_MS, HTTP_FORWARD_TIMEOUT_MS, MODELS_CACHE_BYTES, STORE, ROCKSDB_MEMORY_BYTES,
            MODEL_TTL_MS);

    public StreamConfig {
        labels = List.copyOf(labels);
        passThrough = Map.copyOf(passThrough);
        if (modelKind == Task.CLASSIFICATION && new HashSet<>(labels).size() != labels.size()) {
            throw new IllegalArgumentException(MODEL_LABELS + ": labels must be distinct, got " + labels);
        }
        try {
            spec(modelKind, labels, forgetting, tmax, regu); // fields are not assigned yet in a compact constructor
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
        return new StreamConfig(
                r.text(TOPIC_EXAMPLES, TopicCatalog.EXAMPLES),
                r.text(TOPIC_PREDICTIONS, TopicCatalog.PREDICTIONS),
                r.text(TOPIC_METRICS, TopicCatalog.METRICS),
                r.text(TOPIC_MODELS, TopicCatalog.MODELS),
                r.text(TOPIC_DEAD_LETTERS, TopicCatalog.DEAD_LETTERS),
                r.text(TOPIC_DRIFT, TopicCatalog.DRIFT),
                r.text(TOPIC_MODEL_EVENTS, TopicCatalog.MODEL_EVENTS),
                r.text(APPLICATION_ID, "erstream"),
                r.text(BOOTSTRAP_SERVERS, "localhost:9092"),
                r.oneOf(PROCESSING_GUARANTEE, StreamsConfig.EXACTLY_ONCE_V2, StreamsConfig.AT_LEAST_ONCE),
                r.oneOf(MODEL_KIND, "classifier", "regressor").equals("classifier")
                        ? Task.CLASSIFICATION : Task.REGRESSION,
                r.list(MODEL_LABELS, "0,1"),
                r.number(MODEL_FORGETTING, LearnerSpec.DEFAULT_FORGETTING),
                r.number(MODEL_TMAX, LearnerSpec.DEFAULT_TMAX),
                r.number(MODEL_REGU, LearnerSpec.DEFAULT_REGU),
                r.oneOf(DRIFT_DETECTOR, detectorNames()),
                DriftPolicy.of(r.oneOf(DRIFT_POLICY, DriftPolicy.RESET_COVARIANCE.label(), DriftPolicy.NONE.label(),
                        DriftPolicy.RESET_MODEL.label(), DriftPolicy.WARN_THEN_SWAP.label())),
                r.integer(SNAPSHOT_INTERVAL, 0, 0, 1 << 20),
                Duration.ofMillis(r.integer(METRICS_INTERVAL_MS, 10_000, 10, Integer.MAX_VALUE)),
                Duration.ofMillis(r.integer(MODELS_INTERVAL_MS, 10_000, 10, Integer.MAX_VALUE)),
                r.integer(MAX_RECORD_BYTES, 1 << 20, 64, Integer.MAX_VALUE),
                r.integer(MAX_FEATURES, 256, 1, 4096),
                r.integer(HTTP_PORT, 8080, 0, 65535),
                values.getOrDefault(MODEL_WARM_START, ""),
                passThrough,
                r.integer(MAX_KEY_BYTES, 1024, 1, MAX_MODEL_KEY_BYTES),
                r.integer(DEAD_LETTER_VALUE_BYTES, 256 * 1024, 0, MAX_DEAD_LETTER_VALUE_BYTES),
                RecordErrors.valueOf(r.oneOf(ERRORS_RECORD, "continue", "fail").toUpperCase(Locale.ROOT)),
                ThreadErrors.valueOf(r.oneOf(ERRORS_THREAD, "replace", "shutdown-client", "shutdown-application")
                        .toUpperCase(Locale.ROOT).replace('-', '_')),
                r.oneOf(MODEL_WARM_START_REBUILD, "false", "true").equals("true"),
                http(r, values),
                r.longInteger(MODELS_CACHE_BYTES, 256L << 20, 1, Long.MAX_VALUE),
                r.oneOf(STORE, "rocksdb", "memory").equals("rocksdb"),
                r.longInteger(ROCKSDB_MEMORY_BYTES, 64L << 20, 8L << 20, Long.MAX_VALUE),
                Duration.ofMillis(r.longInteger(MODEL_TTL_MS, 0, 0, Long.MAX_VALUE)));
    }

    private static Http http(Reader r, Map<String, String> values) {
        String token = values.getOrDefault(HTTP_AUTH_TOKEN, "");
        String tokenFile = values.getOrDefault(HTTP_AUTH_TOKEN_FILE, "");
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
        String keystore = values.getOrDefault(HTTP_TLS_KEYSTORE, "");
        if (!keystore.isEmpty() && !Files.isReadable(Path.of(keystore))) {
            throw new IllegalArgumentException(HTTP_TLS_KEYSTORE + ": cannot read " + keystore);
        }
        boolean authMetrics = r.oneOf(HTTP_AUTH_METRICS, "false", "true").equals("true");
        boolean authHealth = r.oneOf(HTTP_AUTH_HEALTH, "false", "true").equals("true");
        if ((authMetrics || authHealth) && token.isEmpty()) {
            throw new IllegalArgumentException((authMetrics ? HTTP_AUTH_METRICS : HTTP_AUTH_HEALTH)
                    + "=true needs a token (" + HTTP_AUTH_TOKEN + " or " + HTTP_AUTH_TOKEN_FILE + ")");
        }
        return new Http(r.text(HTTP_BIND, "0.0.0.0"), r.integer(HTTP_PORT, 8080, 0, 65535), keystore,
                values.getOrDefault(HTTP_TLS_KEYSTORE_PASSWORD, ""), token, authMetrics, authHealth,
                r.integer(HTTP_THREADS, 8, 1, 256),
                Duration.ofMillis(r.integer(HTTP_READ_TIMEOUT_MS, 10_000, 100, 3_600_000)),
                Duration.ofMillis(r.integer(HTTP_FORWARD_TIMEOUT_MS, 5_000, 100, 600_000)));
    }

    /** Valid {@link #DRIFT_DETECTOR} values, the default (HDDM-Bernstein, the measured best; see README) first. */
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
        return spec(modelKind, labels, forgetting, tmax, regu);
    }

    private static LearnerSpec spec(Task modelKind, List<String> labels, double forgetting, double tmax,
                                    double regu) {
        LearnerSpec base = modelKind == Task.CLASSIFICATION ? LearnerSpec.classifier(labels.size())
                : LearnerSpec.regressor();
        return base.withForgetting(forgetting).withTmax(tmax).withRegu(regu);
    }

    public boolean exactlyOnce() {
        return processingGuarantee.equals(StreamsConfig.EXACTLY_ONCE_V2);
    }

    /**
     * Properties for {@code new KafkaStreams(topology, props)}: the pass-through settings plus application id,
     * bootstrap servers, guarantee, and a producer request limit large enough for model snapshots unless the
     * caller set one.
     */
    public Properties streamsProperties() {
        Properties p = new Properties();
        p.putAll(passThrough);
        p.put(APPLICATION_ID, applicationId);
        p.put(BOOTSTRAP_SERVERS, bootstrapServers);
        p.put(PROCESSING_GUARANTEE, processingGuarantee);
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

    /** Typed reads that name the offending key. */
    private record Reader(Map<String, String> values) {
        String text(String key, String fallback) {
            String v = values.getOrDefault(key, fallback);
            if (v.isEmpty()) {
                throw new IllegalArgumentException(key + " must not be empty");
            }
            return v;
        }

        String oneOf(String key, String... allowed) {
            String v = values.getOrDefault(key, allowed[0]);
            for (String a : allowed) {
                if (a.equals(v)) {
                    return v;
                }
            }
            throw new IllegalArgumentException(key + " must be one of " + List.of(allowed) + ", got '" + v + "'");
        }

        List<String> list(String key, String fallback) {
            List<String> out = new ArrayList<>();
            for (String part : text(key, fallback).split(",")) {
                if (part.isBlank()) {
                    throw new IllegalArgumentException(key + " has an empty entry: '" + values.get(key) + "'");
                }
                out.add(part.trim());
            }
            return out;
        }

        double number(String key, double fallback) {
            String v = values.get(key);
            if (v == null) {
                return fallback;
            }
            try {
                return Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " must be a number, got '" + v + "'");
            }
        }

        long longInteger(String key, long fallback, long min, long max) {
            String v = values.get(key);
            if (v == null) {
                return fallback;
            }
            long n;
            try {
                n = Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " must be an integer, got '" + v + "'");
            }
            if (n < min || n > max) {
                throw new IllegalArgumentException(key + " must be in [" + min + ", " + max + "], got " + n);
            }
            return n;
        }

        int integer(String key, int fallback, int min, int max) {
            String v = values.get(key);
            if (v == null) {
                return fallback;
            }
            int n;
            try {
                n = Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " must be an integer, got '" + v + "'");
            }
            if (n < min || n > max) {
                throw new IllegalArgumentException(key + " must be in [" + min + ", " + max + "], got " + n);
            }
            return n;
        }
    }

    /** Keys this class reads (the rest pass through). */
    public static Set<String> keys() {
        return Set.copyOf(KEYS);
    }
}
