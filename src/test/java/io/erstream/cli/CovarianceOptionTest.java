package io.erstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class CovarianceOptionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void evaluateLearnsWithTheDiagonalCovariance() throws IOException {
        CommandRunner.Result r = CommandRunner.run("evaluate", "--stream", "hyperplane", "--features", "50", "--n",
                "20000", "--covariance", "diagonal");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(JSON.readTree(r.lastLine()).get("accuracy").asDouble() > 0.8, r.lastLine());
    }

    @Test
    void anUnknownCovarianceIsAnErrorNamingTheChoices() {
        CommandRunner.Result r = CommandRunner.run("evaluate", "--stream", "sea", "--n", "100", "--covariance",
                "sparse");
        assertNotEquals(0, r.exitCode());
        assertTrue(r.err().contains("valid: full, diagonal"), r.err());
    }
}
