package io.erstream.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/** Model keys name record keys one to one: any bytes round-trip, and text keys are their own model key. */
class ModelKeyProperties {

    @Property(tries = 2000)
    void anyKeyRoundTrips(@ForAll @Size(min = 1, max = 64) byte[] key) {
        String model = ModelKey.of(key);
        assertArrayEquals(key, ModelKey.bytes(model));
        assertTrue(ModelKey.valid(model));
    }

    @Property(tries = 2000)
    void twoDifferentKeysNeverShareAModel(@ForAll @Size(min = 1, max = 8) byte[] a,
                                          @ForAll @Size(min = 1, max = 8) byte[] b) {
        if (!Arrays.equals(a, b)) {
            assertNotEquals(ModelKey.of(a), ModelKey.of(b));
        }
    }

    @Property(tries = 1000)
    void aTextKeyIsItsOwnModelKey(@ForAll @Size(min = 1, max = 40) String text) {
        if (!text.startsWith(ModelKey.BINARY) && StandardCharsets.UTF_8.newEncoder().canEncode(text)) {
            assertEquals(text, ModelKey.of(text.getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Example
    void aTextKeyThatLooksEncodedIsEncodedItself() {
        byte[] key = (ModelKey.BINARY + "AAE").getBytes(StandardCharsets.UTF_8);
        assertNotEquals(ModelKey.BINARY + "AAE", ModelKey.of(key));
        assertArrayEquals(key, ModelKey.bytes(ModelKey.of(key)));
    }

    @Example
    void aKeyThatNoRecordKeyMapsToIsNotValid() {
        assertFalse(ModelKey.valid(ModelKey.BINARY + "bQ")); // base64 of "m", which is its own model key
        assertFalse(ModelKey.valid(""));
    }
}
