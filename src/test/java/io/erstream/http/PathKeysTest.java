package io.erstream.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Model keys from raw path segments: RFC 3986 percent-encoding of UTF-8, not HTML form decoding. */
class PathKeysTest {

    @Test
    void plusStaysAPlus() {
        assertEquals(Optional.of("a+b"), PathKeys.decode("a+b"));
    }

    @Test
    void escapesDecodeAsUtf8() {
        assertEquals(Optional.of("a/b c+é"), PathKeys.decode("a%2Fb%20c%2B%C3%A9"));
    }

    @Test
    void aMalformedEscapeIsRefused() {
        assertEquals(Optional.empty(), PathKeys.decode("a%zz"));
        assertEquals(Optional.empty(), PathKeys.decode("a%4"));
        assertEquals(Optional.empty(), PathKeys.decode("%"));
    }

    @Test
    void bytesThatAreNotUtf8AreRefused() {
        assertEquals(Optional.empty(), PathKeys.decode("a%FF"));
        assertEquals(Optional.empty(), PathKeys.decode("%C3"));
    }
}
