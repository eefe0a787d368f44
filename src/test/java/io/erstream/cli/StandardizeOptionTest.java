package io.erstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class StandardizeOptionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void noStandardizeReachesTheLearner() throws IOException {
        double standardised = accuracy("evaluate", "--stream", "sea", "--n", "5000");
        double asTheyCome = accuracy("evaluate", "--stream", "sea", "--n", "5000", "--no-standardize");
        assertNotEquals(standardised, asTheyCome); // the same seeded stream: only the setting differs
        assertTrue(asTheyCome > 0.75, "accuracy " + asTheyCome);
    }

    @Test
    void standardizeIsTheDefault() throws IOException {
        assertEquals(accuracy("evaluate", "--stream", "sea", "--n", "5000"),
                accuracy("evaluate", "--stream", "sea", "--n", "5000", "--standardize"));
    }

    @Test
    void aValueThatIsNotABooleanIsAnErrorNamingTheOption() {
        CommandRunner.Result r = CommandRunner.run("evaluate", "--stream", "sea", "--n", "100",
                "--standardize=sometimes");
        assertNotEquals(0, r.exitCode());
        assertTrue(r.err().contains("--standardize"), r.err());
    }

    private static double accuracy(String... args) throws IOException {
        CommandRunner.Result r = CommandRunner.run(args);
        assertEquals(0, r.exitCode(), r.err());
        return JSON.readTree(r.lastLine()).get("accuracy").asDouble();
    }
}
