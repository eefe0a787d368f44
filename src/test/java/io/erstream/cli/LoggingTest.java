package io.erstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped Logback configurations as a user meets them: {@link LogProbe} runs in a child JVM with a chosen
 * environment, since Logback reads its configuration once per JVM. Tests that need the same child share its run.
 */
class LoggingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** logback.xml's pattern: {@code %d{HH:mm:ss.SSS} [%thread] %-5level %logger{36} - %msg%n}. */
    private static final Pattern TEXT_INFO_LINE = Pattern.compile(
            "\\d{2}:\\d{2}:\\d{2}\\.\\d{3} \\[main] INFO  io\\.erstream\\.cli\\.LogProbe - " + LogProbe.INFO_TEXT);

    @TempDir
    static Path dir;

    private static Run defaultRun;
    private static Run jsonRun;

    record Run(int exitCode, String out, List<String> err) {
        String errText() {
            return String.join("\n", err);
        }
    }

    @Test
    void textIsTheDefaultFormat() throws Exception {
        Run run = defaultRun();

        assertEquals(0, run.exitCode(), run.errText());
        assertTrue(run.err().stream().anyMatch(line -> TEXT_INFO_LINE.matcher(line).matches()), run.errText());
        assertFalse(run.err().stream().anyMatch(line -> line.startsWith("{")), run.errText());
    }

    @Test
    void logLinesGoToStderrNotStdout() throws Exception {
        Run run = defaultRun();

        assertEquals("", run.out());
        assertTrue(run.errText().contains(LogProbe.INFO_TEXT), run.errText());
    }

    @Test
    void jsonFromTheEnvironmentWritesOneObjectPerLineWithLevelLoggerAndMessage() throws Exception {
        Run run = jsonRun();

        assertEquals(0, run.exitCode(), run.errText());
        JsonNode info = jsonLine(run, "io.erstream.cli.LogProbe");
        assertEquals("INFO", info.path("level").asText());
        assertEquals(LogProbe.INFO, info.path("message").asText());
        assertEquals(LogProbe.INFO_TEXT, info.path("formattedMessage").asText());
    }

    @Test
    void jsonFromTheOptionAfterTheSubcommand() throws Exception {
        Run run = probe(Map.of(), List.of(), "log-probe", "--log-format=json");

        assertEquals(0, run.exitCode(), run.errText());
        assertEquals(LogProbe.INFO_TEXT, jsonLine(run, "io.erstream.cli.LogProbe").path("formattedMessage").asText());
    }

    @Test
    void jsonFromTheOptionBeforeTheSubcommand() throws Exception {
        Run run = probe(Map.of(), List.of(), "--log-format", "JSON", "log-probe");

        assertEquals(0, run.exitCode(), run.errText());
        assertEquals(LogProbe.INFO_TEXT, jsonLine(run, "io.erstream.cli.LogProbe").path("formattedMessage").asText());
    }

    @Test
    void theOptionWinsOverTheEnvironment() throws Exception {
        Run run = probe(Map.of(LogSetup.FORMAT_ENV, "json"), List.of(), "log-probe", "--log-format=text");

        assertEquals(0, run.exitCode(), run.errText());
        assertTrue(run.err().stream().anyMatch(line -> TEXT_INFO_LINE.matcher(line).matches()), run.errText());
    }

    @Test
    void kafkaLoggersShowWarningsButNotInfo() throws Exception {
        Run run = defaultRun();

        assertTrue(run.errText().contains(LogProbe.KAFKA_WARN), run.errText());
        assertFalse(run.errText().contains(LogProbe.KAFKA_INFO), run.errText());
    }

    @Test
    void log4jApiCallsReachLogback() throws Exception {
        Run run = jsonRun();

        JsonNode line = jsonLine(run, LogProbe.LOG4J_LOGGER);
        assertEquals("WARN", line.path("level").asText());
        assertEquals(LogProbe.LOG4J_WARN, line.path("formattedMessage").asText());
    }

    @Test
    void exactlyOneSlf4jProviderBindsSilently() throws Exception {
        Run run = defaultRun();

        assertFalse(run.errText().contains("SLF4J"), run.errText());
    }

    @Test
    void erstreamLoggersAreAtInfoByDefault() throws Exception {
        Run run = defaultRun();

        assertTrue(run.errText().contains(LogProbe.INFO_TEXT), run.errText());
        assertFalse(run.errText().contains(LogProbe.DEBUG_TEXT), run.errText());
    }

    @Test
    void logLevelFromTheEnvironmentAppliesToErstreamLoggers() throws Exception {
        Run run = probe(Map.of(LogSetup.LEVEL_ENV, "debug"), List.of(), "log-probe");

        assertTrue(run.errText().contains(LogProbe.DEBUG_TEXT), run.errText());
        assertFalse(run.errText().contains(LogProbe.KAFKA_INFO), run.errText());
    }

    @Test
    void unknownLogLevelIsAUsageError() throws Exception {
        Run run = probe(Map.of(LogSetup.LEVEL_ENV, "LOUD"), List.of(), "log-probe");

        assertEquals(2, run.exitCode(), run.errText());
        assertTrue(run.errText().contains(LogSetup.LEVEL_ENV) && run.errText().contains("'LOUD'"), run.errText());
    }

    @Test
    void unknownFormatInTheEnvironmentIsAUsageError() throws Exception {
        Run run = probe(Map.of(LogSetup.FORMAT_ENV, "xml"), List.of(), "log-probe");

        assertEquals(2, run.exitCode(), run.errText());
        assertTrue(run.errText().contains(LogSetup.FORMAT_ENV) && run.errText().contains("'xml'"), run.errText());
    }

    @Test
    void unknownFormatOptionIsAUsageError() {
        CommandRunner.Result r = CommandRunner.run("--log-format=xml", "help");

        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("expected json or text, got 'xml'"), r.err());
    }

    @Test
    void configFileFromTheEnvironmentReplacesTheShippedOne() throws Exception {
        Path custom = customConfig();

        Run run = probe(Map.of(LogSetup.CONFIG_ENV, custom.toString()), List.of(), "log-probe");

        assertEquals(0, run.exitCode(), run.errText());
        assertTrue(run.err().contains("CUSTOM INFO " + LogProbe.INFO_TEXT), run.errText());
    }

    @Test
    void missingConfigFileFromTheEnvironmentIsAUsageError() throws Exception {
        Path missing = dir.resolve("missing.xml");

        Run run = probe(Map.of(LogSetup.CONFIG_ENV, missing.toString()), List.of(), "log-probe");

        assertEquals(2, run.exitCode(), run.errText());
        assertTrue(run.errText().contains(LogSetup.CONFIG_ENV + " names " + missing), run.errText());
    }

    @Test
    void theOptionWinsOverAConfigFileFromTheEnvironment() throws Exception {
        Path custom = customConfig();

        Run run = probe(Map.of(LogSetup.CONFIG_ENV, custom.toString()), List.of(), "log-probe", "--log-format=json");

        assertEquals(LogProbe.INFO_TEXT, jsonLine(run, "io.erstream.cli.LogProbe").path("formattedMessage").asText());
    }

    @Test
    void explicitSystemPropertyWinsOverTheOption() throws Exception {
        Path custom = customConfig();

        Run run = probe(Map.of(), List.of("-D" + LogSetup.CONFIG_PROPERTY + "=" + custom), "log-probe",
                "--log-format=json");

        assertEquals(0, run.exitCode(), run.errText());
        assertTrue(run.err().contains("CUSTOM INFO " + LogProbe.INFO_TEXT), run.errText());
    }

    /** TopicsCommand quiets org.apache.kafka.clients by a system property that the shipped levels read. */
    @Test
    void topicsAgainstAnUnreachableClusterPrintsNoClientWarnings() throws Exception {
        Run run = probe(Map.of(), List.of(), "topics", "--bootstrap-servers", "127.0.0.1:1", "--timeout-ms", "1500");

        assertEquals(1, run.exitCode(), run.errText());
        assertEquals(1, run.err().size(), run.errText());
        assertTrue(run.err().get(0).contains("unreachable"), run.errText());
    }

    /** No option, no ERSTREAM_ variable. */
    private static synchronized Run defaultRun() throws IOException, InterruptedException {
        if (defaultRun == null) {
            defaultRun = probe(Map.of(), List.of(), "log-probe");
        }
        return defaultRun;
    }

    private static synchronized Run jsonRun() throws IOException, InterruptedException {
        if (jsonRun == null) {
            jsonRun = probe(Map.of(LogSetup.FORMAT_ENV, "json"), List.of(), "log-probe");
        }
        return jsonRun;
    }

    /** A user's own configuration with a pattern no shipped file uses. */
    private static Path customConfig() throws IOException {
        return Files.writeString(Files.createTempFile(dir, "custom", ".xml"), """
                <configuration>
                  <appender name="ERR" class="ch.qos.logback.core.ConsoleAppender">
                    <target>System.err</target>
                    <encoder><pattern>CUSTOM %level %msg%n</pattern></encoder>
                  </appender>
                  <root level="INFO"><appender-ref ref="ERR"/></root>
                </configuration>
                """);
    }

    /** The JSON line logged by {@code logger}; fails unless every stderr line is a JSON object. */
    private static JsonNode jsonLine(Run run, String logger) throws IOException {
        JsonNode found = null;
        for (String line : run.err()) {
            JsonNode node = JSON.readTree(line);
            if (node == null || !node.isObject()) {
                fail("not a JSON object: " + line + "\n" + run.errText());
            }
            if (logger.equals(node.path("loggerName").asText())) {
                found = node;
            }
        }
        if (found == null) {
            fail("no line from " + logger + "\n" + run.errText());
        }
        return found;
    }

    /** Runs LogProbe in a child JVM with {@code env} on top of this one's environment less every ERSTREAM_ variable. */
    private static Run probe(Map<String, String> env, List<String> jvmOptions, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // a short-lived JVM: C1 only and the serial collector start it faster
        command.addAll(List.of("-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(LogProbe.class.getName());
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "probe", ".out");
        Path err = Files.createTempFile(dir, "probe", ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("ERSTREAM_"));
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("probe did not exit within 60 s: " + Files.readString(err));
        }
        List<String> errLines = Files.readAllLines(err).stream().filter(line -> !line.isBlank()).toList();
        return new Run(process.exitValue(), Files.readString(out), errLines);
    }
}
