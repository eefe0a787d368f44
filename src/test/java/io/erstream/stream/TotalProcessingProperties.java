package io.erstream.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.kafka.streams.KeyValue;

/**
 * For all inputs — arbitrary bytes, and valid records mutated (cut short, nested deeply, huge numbers, long keys and
 * feature names, invalid UTF-8, duplicate fields, 900 KB values) — processing never throws, every record yields
 * exactly one output (a prediction or a dead letter), every dead letter fits its topic, and a record that is
 * dead-lettered leaves the stored model byte for byte as it was. One driver serves every try, so models grow
 * across tries as in a long-running stream.
 */
class TotalProcessingProperties {

    private static final String KEY = "m";
    private static final String VALID = "{\"id\":\"v\",\"features\":{\"a\":0.5,\"b\":-1},\"label\":1}";
    private static Path state;
    private static Harness h;

    @BeforeContainer
    static void start() throws Exception {
        state = Files.createTempDirectory("total-processing");
        h = new Harness(state, Harness.settings(StreamConfig.MAX_RECORD_BYTES, "1048576"));
        h.send(KEY, VALID); // the model exists, with named features a and b
        h.predictions();
    }

    @AfterContainer
    static void stop() {
        h.close();
    }

    @Property(tries = 300)
    void everyRecordYieldsOneOutputAndABadOneLeavesTheModelUntouched(@ForAll("records") Input input) {
        byte[] before = KeyedModelCodec.encode(h.storedModel(KEY));
        h.sendRaw(input.key(), input.value());
        List<KeyValue<byte[], byte[]>> predictions = h.predictions.readKeyValuesToList();
        List<KeyValue<byte[], byte[]>> letters = h.deadLetters.readKeyValuesToList();
        assertEquals(1, predictions.size() + letters.size(), "one output for " + input);
        for (KeyValue<byte[], byte[]> prediction : predictions) {
            assertTrue(prediction.key.length + prediction.value.length < TotalProcessingTest.TOPIC_LIMIT);
        }
        for (KeyValue<byte[], byte[]> letter : letters) {
            int keyBytes = letter.key == null ? 0 : letter.key.length;
            assertTrue(keyBytes + letter.value.length < TotalProcessingTest.TOPIC_LIMIT);
        }
        if (!letters.isEmpty() || !Arrays.equals(input.key(), KEY.getBytes(StandardCharsets.UTF_8))) {
            assertArrayEquals(before, KeyedModelCodec.encode(h.storedModel(KEY)), "model of '" + KEY + "' changed");
        }
    }

    /** A record key and value, shown short in failure reports. */
    record Input(byte[] key, byte[] value) {
        @Override
        public String toString() {
            String text = new String(value, 0, Math.min(value.length, 120), StandardCharsets.UTF_8);
            return "key of " + key.length + " bytes, value of " + value.length + " bytes: " + text;
        }
    }

    @Provide
    Arbitrary<Input> records() {
        Arbitrary<byte[]> keys = Arbitraries.oneOf(Arbitraries.just(KEY.getBytes(StandardCharsets.UTF_8)),
                Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(40),
                Arbitraries.just("k".repeat(70_000).getBytes(StandardCharsets.UTF_8)));
        return Combinators.combine(keys, values()).as(Input::new);
    }

    private static Arbitrary<byte[]> values() {
        Arbitrary<String> mutated = Arbitraries.oneOf(
                Arbitraries.integers().between(0, VALID.length() - 1).map(n -> VALID.substring(0, n)),
                Arbitraries.integers().between(1, 5_000).map(n -> "[".repeat(n) + "]".repeat(n)),
                Arbitraries.integers().between(1, 2_000).map(n ->
                        "{\"id\":\"x\",\"features\":{\"a\":" + "{\"n\":".repeat(n) + "1" + "}".repeat(n) + "}}"),
                Arbitraries.just("{\"id\":\"x\",\"features\":{\"a\":1e999,\"b\":1},\"label\":1}"),
                Arbitraries.just("{\"id\":\"x\",\"features\":{\"a\":" + "9".repeat(2_000) + ",\"b\":1}}"),
                Arbitraries.just("{\"id\":\"x\",\"features\":{\"" + "f".repeat(70_000) + "\":1,\"b\":1}}"),
                Arbitraries.just("{\"id\":\"x\",\"features\":{\"a\":1,\"a\":2},\"label\":1}"),
                Arbitraries.just("{\"id\":\"x\",\"features\":{\"a\":1,\"b\":2,\"c\":3},\"label\":1}"),
                Arbitraries.just("{\"id\":\"x\",\"features\":{\"a\":true,\"b\":null},\"label\":1}"),
                Arbitraries.just("{\"id\":\"x\",\"features\":{\"a\":1,\"b\":2},\"label\":\"spam\"}"),
                Arbitraries.just("{\"id\":\"" + "i".repeat(900_000) + "\",\"features\":{\"a\":1,\"b\":2}}"),
                Arbitraries.strings().ofMaxLength(200).map(s -> "{\"id\":\"x\",\"features\":{\"a\":1,\"b\":2},"
                        + "\"label\":1," + s + "}"),
                Arbitraries.of(VALID, "{\"id\":\"y\",\"features\":{\"b\":2,\"a\":-3},\"label\":0}",
                        "{\"id\":\"z\",\"features\":{\"a\":1,\"b\":2}}"));
        return Arbitraries.oneOf(
                mutated.map(s -> s.getBytes(StandardCharsets.UTF_8)),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(2_000),
                Arbitraries.just(invalidUtf8()),
                Arbitraries.just(huge()));
    }

    private static byte[] invalidUtf8() {
        byte[] v = "{\"id\":\"\u00e9\",\"features\":{\"a\":1,\"b\":2}}".getBytes(StandardCharsets.UTF_8);
        v[8] = (byte) 0xC3;
        v[9] = (byte) 0x28;
        return v;
    }

    private static byte[] huge() {
        byte[] v = new byte[900_000];
        Arrays.fill(v, (byte) '"');
        return v;
    }
}
