package io.erstream.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.erstream.drift.DriftPolicy;
import io.erstream.learn.Task;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class StreamConfigTest {

    @Test
    void defaultsUseTheCatalogTopicsAndExactlyOnce() {
        StreamConfig c = StreamConfig.defaults();
        assertEquals(TopicCatalog.EXAMPLES, c.examplesTopic());
        assertEquals(TopicCatalog.DEAD_LETTERS, c.deadLettersTopic());
        assertEquals("erstream", c.applicationId());
        assertEquals("exactly_once_v2", c.processingGuarantee());
        assertEquals(Task.CLASSIFICATION, c.modelKind());
        assertEquals(List.of("0", "1"), c.labels());
    }

    @Test
    void environmentOverridesProperties() {
        Properties p = Harness.settings(StreamConfig.MODEL_LABELS, "a,b", StreamConfig.BOOTSTRAP_SERVERS, "x:1");
        StreamConfig c = StreamConfig.fromProperties(p, Map.of("ERSTREAM_MODEL_LABELS", "ham,spam,eggs",
                "ERSTREAM_BOOTSTRAP_SERVERS", "broker:9093", "ERSTREAM_TOPIC_DEAD_LETTERS", "dlq"));
        assertEquals(List.of("ham", "spam", "eggs"), c.labels());
        assertEquals("broker:9093", c.bootstrapServers());
        assertEquals("dlq", c.deadLettersTopic());
        assertEquals(3, c.learnerSpec().classes());
    }

    @Test
    void otherPropertiesPassThroughToKafkaUnchanged() {
        Properties p = Harness.settings("security.protocol", "SASL_SSL", "sasl.mechanism", "PLAIN",
                "commit.interval.ms", "50");
        Properties streams = StreamConfig.fromProperties(p, Map.of()).streamsProperties();
        assertEquals("SASL_SSL", streams.get("security.protocol"));
        assertEquals("PLAIN", streams.get("sasl.mechanism"));
        assertEquals("50", streams.get("commit.interval.ms"));
        assertEquals("exactly_once_v2", streams.get("processing.guarantee"));
        assertTrue(Integer.parseInt((String) streams.get("producer.max.request.size")) > StreamConfig.MAX_MODEL_BYTES);
    }

    @Test
    void newModelsStandardiseTheirInputsUnlessTurnedOff() {
        assertTrue(StreamConfig.defaults().learnerSpec().standardize());
        Properties p = Harness.settings(StreamConfig.MODEL_STANDARDIZE, "false");
        assertEquals(false, StreamConfig.fromProperties(p, Map.of()).learnerSpec().standardize());
        assertMessageNames(StreamConfig.MODEL_STANDARDIZE, StreamConfig.MODEL_STANDARDIZE, "sometimes");
    }

    @Test
    void errorsNameTheBadKey() {
        assertMessageNames(StreamConfig.MODEL_FORGETTING, StreamConfig.MODEL_FORGETTING, "1.5");
        assertMessageNames(StreamConfig.MODEL_REGU, StreamConfig.MODEL_REGU, "zero");
        assertMessageNames(StreamConfig.MODEL_COVARIANCE, StreamConfig.MODEL_COVARIANCE, "sideways");
        assertMessageNames(StreamConfig.PROCESSING_GUARANTEE, StreamConfig.PROCESSING_GUARANTEE, "exactly_once");
        assertMessageNames(StreamConfig.MODEL_KIND, StreamConfig.MODEL_KIND, "tree");
        assertMessageNames(StreamConfig.MAX_FEATURES, StreamConfig.MAX_FEATURES, "0");
        assertMessageNames(StreamConfig.MODEL_LABELS, StreamConfig.MODEL_LABELS, "a,a");
        assertMessageNames("erstream.modle.kind", "erstream.modle.kind", "classifier");
        assertMessageNames(StreamConfig.DRIFT_DETECTOR, StreamConfig.DRIFT_DETECTOR, "hddm");
        assertMessageNames(StreamConfig.DRIFT_POLICY, StreamConfig.DRIFT_POLICY, "reset");
        assertMessageNames(StreamConfig.TOPIC_DRIFT, StreamConfig.TOPIC_DRIFT, "");
        assertMessageNames(StreamConfig.MODELS_INTERVAL_MS, StreamConfig.MODELS_INTERVAL_MS, "-1");
    }

    @Test
    void driftDetectionDefaultsToHddmBernsteinWithACovarianceResetOnTheDriftTopic() {
        StreamConfig c = StreamConfig.defaults();
        assertEquals("hddm-bernstein", c.driftDetector());
        assertEquals(DriftPolicy.RESET_COVARIANCE, c.driftPolicy());
        assertEquals(TopicCatalog.DRIFT, c.driftTopic());
    }

    @Test
    void everyDetectorAndPolicyCanBeChosen() {
        for (String detector : List.of("adwin", "page-hinkley", "ddm", "hddm-a", "hddm-bernstein", "none")) {
            for (DriftPolicy policy : DriftPolicy.values()) {
                StreamConfig c = StreamConfig.fromProperties(Harness.settings(StreamConfig.DRIFT_DETECTOR, detector,
                        StreamConfig.DRIFT_POLICY, policy.label()), Map.of());
                assertEquals(detector, c.driftDetector());
                assertEquals(policy, c.driftPolicy());
            }
        }
    }

    private static void assertMessageNames(String expectedInMessage, String key, String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StreamConfig.fromProperties(Harness.settings(key, value), Map.of()));
        assertTrue(e.getMessage().contains(expectedInMessage), e.getMessage());
    }

    @Test
    void withoutAWarmStartNewKeysStartLinearAsBefore() {
        assertEquals("", StreamConfig.defaults().warmStart());
        assertEquals(null, StreamConfig.defaults().loadWarmStart());
    }

    @Test
    void aMissingWarmStartFileIsAStartupErrorNamingTheKeyAndTheFile() {
        StreamConfig c = StreamConfig.fromProperties(Harness.settings(StreamConfig.MODEL_WARM_START,
                "/nonexistent/fm.warm"), Map.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, c::loadWarmStart);
        assertTrue(e.getMessage().startsWith("erstream.model.warm-start: cannot read /nonexistent/fm.warm"),
                e.getMessage());
    }

    @Test
    void aFileThatIsNotAWarmStartIsAStartupErrorNamingTheFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        java.nio.file.Path file = dir.resolve("linear.model");
        java.nio.file.Files.write(file, io.erstream.learn.ModelCodec.encode(new io.erstream.learn.OnlineReflection(
                io.erstream.learn.LearnerSpec.classifier(2), 3)));
        StreamConfig c = StreamConfig.fromProperties(Harness.settings(StreamConfig.MODEL_WARM_START, file.toString()),
                Map.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, c::loadWarmStart);
        assertTrue(e.getMessage().startsWith("erstream.model.warm-start: " + file + " is not a warm start"),
                e.getMessage());
    }
}
