package io.erstream.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Jackson refuses some values by its own read limits before the parser's checks see them, with an exception that
 * has no location. Such a value is a bad record ({@code oversized}) like any other: an unexpected exception there
 * would be dead-lettered as {@code internal}, or stop the stream under {@code erstream.errors.record=fail}.
 */
class ExampleParserLimitsTest {

    static Stream<Arguments> beyondJacksonLimits() {
        return Stream.of(
                Arguments.of("a 70,000-character feature name",
                        "{\"id\":\"x\",\"features\":{\"" + "f".repeat(70_000) + "\":1},\"label\":0}"),
                Arguments.of("a 60,000-character unknown field name",
                        "{\"" + "z".repeat(60_000) + "\":1,\"id\":\"x\",\"features\":[1]}"),
                Arguments.of("a 2,000-digit feature", "{\"id\":\"x\",\"features\":[" + "1".repeat(2_000) + "]}"),
                Arguments.of("a 2,000-digit fraction", "{\"id\":\"x\",\"features\":[1." + "1".repeat(2_000) + "]}"),
                Arguments.of("a 3,000-digit id", "{\"id\":" + "9".repeat(3_000) + ",\"features\":[1]}"),
                Arguments.of("2,000 nested arrays in an unknown field",
                        "{\"id\":\"x\",\"junk\":" + "[".repeat(2_000) + "]".repeat(2_000) + ",\"features\":[1]}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("beyondJacksonLimits")
    void aValueBeyondAJacksonLimitIsOversized(String name, String value) {
        BadRecordException problem = assertThrows(BadRecordException.class,
                () -> new ExampleParser(256).parse(value.getBytes(StandardCharsets.UTF_8), new ParsedExample()));
        assertEquals(Reason.OVERSIZED, problem.reason(), problem.getMessage());
        assertEquals("$", problem.field());
        assertTrue(problem.getMessage().contains("JSON parser limit"), problem.getMessage());
    }

    /** Cut short, the same values fail on the first problem met (end of input, an infinite number): never a crash. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("beyondJacksonLimits")
    void everyPrefixOfSuchAValueIsABadRecordToo(String name, String value) {
        for (int cut : new int[] {1, 2, 100, 1_000, value.length() / 2, value.length() - 1}) {
            byte[] truncated = value.substring(0, cut).getBytes(StandardCharsets.UTF_8);
            assertThrows(BadRecordException.class,
                    () -> new ExampleParser(256).parse(truncated, new ParsedExample()), "cut at " + cut);
        }
    }
}
