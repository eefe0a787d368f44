package io.erstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.erstream.stream.ModelKey;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The examples topic fed byte for byte, every record sent with the answer the application owes it: a good record
 * one prediction under its own model, a bad one one dead letter with a given reason. The feed remembers where each
 * record landed ({@link PredictionLedger#source}) and what its dead letter must say (the key and value sizes, the
 * value's SHA-256, the carried bytes), so that {@link #checkPrediction} and {@link #checkDeadLetter}, given to a
 * {@link PredictionLedger} as its inspector, check each output as it is read, and {@link #assertAnsweredOnce} checks
 * that every input record got exactly one answer of the right kind.
 *
 * <p>Values are sent as they are, so the producer allows requests of up to 1 MiB (the broker's default
 * {@code message.max.bytes} is 1,048,588 bytes): values just under 1 MB reach the application.
 */
final class RecordFeed implements AutoCloseable {

    /** {@code erstream.dead-letters.max.value.bytes}, default: a dead letter carries at most this much value. */
    static final int DEAD_LETTER_VALUE_BYTES = 262_144;
    /** {@code erstream.max.key.bytes}, default: a longer key is oversized, and its dead letter has no record key. */
    static final int MAX_KEY_BYTES = 1024;
    /** The dead-letter topic's declared {@code max.message.bytes} rounds to this: no dead letter may be larger. */
    static final int MIB = 1 << 20;

    /** What the application owes one input record; {@code reason} null for a good record. */
    private record Owed(byte[] keyPrefix, int keyBytes, String reason, int valueBytes, String valueSha256,
                        String carriedSha256) {
        boolean good() {
            return reason == null;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final double rate;
    private final Map<Long, Owed> owed = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> goodPerModel = new ConcurrentHashMap<>();
    private final Map<byte[], Owed> goodByKey = new ConcurrentHashMap<>(); // identity: one Owed per key array
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final List<ConsumerRecord<byte[], byte[]>> early = new ArrayList<>();
    private volatile long good; // one sending thread; others read the counts along
    private volatile long bad;
    private volatile long sent;
    private long start;

    /** @param rate records per second, 0 for as fast as possible */
    RecordFeed(String bootstrap, String topic, double rate) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, "65536");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(MIB));
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        this.topic = topic;
        this.rate = rate;
    }

    /** Sends a record that must yield one prediction under model {@code ModelKey.of(key)}. */
    void good(byte[] key, byte[] value) {
        Owed o = goodByKey.computeIfAbsent(key, k -> new Owed(k, k.length, null, 0, null, null));
        goodPerModel.computeIfAbsent(ModelKey.of(key), k -> new AtomicLong()).incrementAndGet();
        good++;
        send(key, value, o);
    }

    /** Sends a record that must yield one dead letter with {@code reason}. */
    void bad(byte[] key, byte[] value, String reason) {
        Objects.requireNonNull(reason);
        Owed o = new Owed(key == null ? null : Arrays.copyOf(key, Math.min(key.length, MAX_KEY_BYTES)),
                key == null ? 0 : key.length, reason, value == null ? 0 : value.length,
                value == null ? null : sha256(value, value.length),
                value == null ? null : sha256(value, Math.min(value.length, DEAD_LETTER_VALUE_BYTES)));
        bad++;
        send(key, value, o);
    }

    private void send(byte[] key, byte[] value, Owed o) {
        rethrowFailure();
        if (sent == 0) {
            start = System.nanoTime();
        }
        producer.send(new ProducerRecord<>(topic, key, value), (metadata, e) -> {
            if (e != null) {
                failure.compareAndSet(null, e);
            } else {
                owed.put(PredictionLedger.source(metadata.partition(), metadata.offset()), o);
            }
        });
        sent++;
        if (rate > 0) {
            long wait = start + (long) (sent / rate * 1e9) - System.nanoTime();
            if (wait > 1_000_000) {
                try {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while sending", e);
                }
            }
        }
    }

    /** Waits until every record sent is acknowledged; fails if any was refused. */
    void flush() {
        producer.flush();
        rethrowFailure();
    }

    private void rethrowFailure() {
        Exception e = failure.get();
        if (e != null) {
            throw new IllegalStateException("producing to " + topic + " failed: " + e.getMessage(), e);
        }
    }

    long good() {
        return good;
    }

    long bad() {
        return bad;
    }

    long sent() {
        return sent;
    }

    /** How many good records each model key was sent (labelled ones: every good record the feed sends is). */
    Map<String, Long> goodPerModel() {
        Map<String, Long> counts = new TreeMap<>();
        goodPerModel.forEach((key, n) -> counts.put(key, n.get()));
        return counts;
    }

    /** A {@link PredictionLedger} inspector for a predictions topic: the input is good, the key and model its own. */
    void checkPrediction(ConsumerRecord<byte[], byte[]> record, JsonNode prediction) {
        Owed o = owed(record, prediction);
        if (o == null) {
            return;
        }
        String where = where(prediction);
        if (!o.good()) {
            throw new AssertionError(where + " was predicted, but must be dead-lettered (" + o.reason() + "): "
                    + prediction);
        }
        if (!Arrays.equals(o.keyPrefix(), record.key())) {
            throw new AssertionError(where + ": the prediction's record key is not the input's");
        }
        assertEquals(ModelKey.of(o.keyPrefix()), prediction.path("model").asText(), where + ": model");
    }

    /**
     * A {@link PredictionLedger} inspector for a dead-letter topic: the input is bad for the owed reason, the
     * letter is at most 1 MiB, its sizes and SHA-256 are the original's, it carries the key's and the value's
     * first bytes up to their limits, and its record key is the input's unless that is longer than the key limit.
     */
    void checkDeadLetter(ConsumerRecord<byte[], byte[]> record, JsonNode letter) {
        Owed o = owed(record, letter);
        if (o == null) {
            return;
        }
        String where = where(letter);
        int size = Math.max(0, record.serializedKeySize()) + Math.max(0, record.serializedValueSize());
        if (size > MIB) {
            throw new AssertionError(where + ": a dead letter of " + size + " bytes, more than 1 MiB");
        }
        if (o.good()) {
            throw new AssertionError(where + " was dead-lettered, but must be predicted: " + cut(letter));
        }
        assertEquals(o.reason(), letter.path("reason").asText(), where + ": reason of " + cut(letter));
        assertEquals(topic, letter.path("sourceTopic").asText(), where + ": sourceTopic");
        assertEquals(o.keyBytes(), letter.path("keyBytes").asInt(), where + ": keyBytes");
        byte[] carriedKey = letter.path("key").isNull() ? null : Base64.getDecoder().decode(letter.path("key").asText());
        if (!Arrays.equals(o.keyPrefix(), carriedKey)) {
            throw new AssertionError(where + ": the carried key is not the first bytes of the input's key");
        }
        byte[] recordKey = o.keyPrefix() != null && o.keyBytes() <= MAX_KEY_BYTES ? o.keyPrefix() : null;
        if (!Arrays.equals(recordKey, record.key())) {
            throw new AssertionError(where + ": the dead letter's record key must be "
                    + (recordKey == null ? "null" : "the input's key"));
        }
        assertEquals(o.valueBytes(), letter.path("valueBytes").asInt(), where + ": valueBytes");
        assertEquals(o.valueSha256(), letter.path("valueSha256").isNull() ? null
                : letter.path("valueSha256").asText(), where + ": valueSha256");
        assertEquals(o.valueBytes() > DEAD_LETTER_VALUE_BYTES, letter.path("valueTruncated").asBoolean(),
                where + ": valueTruncated");
        if (o.valueSha256() != null) {
            byte[] carried = Base64.getDecoder().decode(letter.path("value").asText());
            assertEquals(o.carriedSha256(), sha256(carried, carried.length),
                    where + ": the carried value is not the first bytes of the input's value");
        }
    }

    /** The owed answer of the letter's input; null (checked later) when its send is not acknowledged yet. */
    private Owed owed(ConsumerRecord<byte[], byte[]> record, JsonNode answer) {
        Owed o = owed.get(source(answer));
        if (o == null) {
            synchronized (early) {
                early.add(record);
            }
        }
        return o;
    }

    /**
     * Asserts that every input record was answered exactly once, by a prediction if it is good and by a dead
     * letter if it is bad; answers the inspectors could not check yet (read before their input's send was
     * acknowledged) are checked now. Call after {@link #flush} and after both ledgers
     * have drained their topics.
     */
    void assertAnsweredOnce(PredictionLedger predictions, PredictionLedger deadLetters) throws Exception {
        List<ConsumerRecord<byte[], byte[]>> recheck;
        synchronized (early) {
            recheck = new ArrayList<>(early);
            early.clear();
        }
        for (ConsumerRecord<byte[], byte[]> record : recheck) { // read before their send was acknowledged
            JsonNode answer = JSON.readTree(record.value());
            if (answer.has("reason")) {
                checkDeadLetter(record, answer);
            } else {
                checkPrediction(record, answer);
            }
        }
        List<String> problems = new ArrayList<>();
        synchronized (early) {
            early.forEach(record -> problems.add("an answer to an input never sent: " + record.topic() + "-"
                    + record.partition() + "@" + record.offset()));
        }
        answeredOnce(predictions.answers(), true, problems);
        answeredOnce(deadLetters.answers(), false, problems);
        if (!problems.isEmpty()) {
            throw new AssertionError(problems.size() + " inputs not answered exactly once, e.g. "
                    + problems.subList(0, Math.min(10, problems.size())));
        }
        assertEquals(sent, owed.size(), "acknowledged inputs");
        assertEquals(good, predictions.predictions(), "committed predictions");
        assertEquals(bad, deadLetters.predictions(), "committed dead letters");
    }

    private void answeredOnce(Map<Long, Integer> answers, boolean predictions, List<String> problems) {
        answers.forEach((source, n) -> {
            if (n != 1) {
                problems.add(source(source) + " answered " + n + " times");
            }
        });
        owed.forEach((source, o) -> {
            if (o.good() == predictions && !answers.containsKey(source)) {
                problems.add(source(source) + " never answered by a " + (predictions ? "prediction" : "dead letter"));
            }
        });
    }

    private static long source(JsonNode answer) {
        return PredictionLedger.source(answer.path("sourcePartition").asInt(), answer.path("sourceOffset").asLong());
    }

    private static String source(long source) {
        return "input " + (source >>> 48) + "@" + (source & ((1L << 48) - 1));
    }

    private static String where(JsonNode answer) {
        return source(source(answer));
    }

    private static String cut(JsonNode letter) {
        String text = letter.toString();
        return text.length() > 600 ? text.substring(0, 600) + "…" : text;
    }

    static String sha256(byte[] bytes, int length) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(bytes, 0, length);
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
