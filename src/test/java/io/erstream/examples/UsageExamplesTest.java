package io.erstream.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.erstream.drift.DriftDetector;
import io.erstream.drift.DriftState;
import io.erstream.drift.Detectors;
import io.erstream.eval.Example;
import io.erstream.eval.SeaGenerator;
import io.erstream.learn.LearnerSpec;
import io.erstream.learn.OnlineReflection;
import io.erstream.stream.ErstreamTopology;
import io.erstream.stream.StreamConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The usage examples in the Javadoc of the central classes, run. Each test holds its example between
 * {@code // example:start} and {@code // example:end}, and checks that the class's Javadoc shows the same lines,
 * so an example a newcomer copies from the Javadoc is one that compiles and works. Public API only: this package
 * sees what a user sees.
 */
class UsageExamplesTest {

    @Test
    void onlineReflectionPredictsThenLearnsOneExampleAtATime() throws IOException {
        // example:start
        OnlineReflection model = new OnlineReflection(LearnerSpec.classifier(2), 3);
        SeaGenerator sea = new SeaGenerator(20_000, 42, 0.1);
        Example e = new Example(sea.dimension());
        long correct = 0;
        while (sea.next(e)) {
            correct += model.predictClass(e.x) == e.label ? 1 : 0; // test first,
            model.learnOne(e.x, e.label); // then train: no learning rate to tune
        }
        // example:end
        assertTrue(correct > 0.8 * 20_000, "prequential accuracy " + correct / 20_000.0);
        assertJavadocShows("learn/OnlineReflection.java", "onlineReflectionPredictsThenLearnsOneExampleAtATime");
    }

    @Test
    void aDetectorWatchesTheErrorsOfAModelAndReportsADrift() throws IOException {
        OnlineReflection model = new OnlineReflection(LearnerSpec.classifier(2), 3);
        SeaGenerator sea = new SeaGenerator(40_000, 7, 0.0);
        Example e = new Example(sea.dimension());
        List<Long> drifts = new ArrayList<>();
        // example:start
        DriftDetector detector = Detectors.byName(Detectors.HDDM_A);
        while (sea.next(e)) {
            boolean wrong = model.predictClass(e.x) != e.label;
            if (detector.update(wrong ? 1 : 0) == DriftState.DRIFT) {
                drifts.add(e.index); // e.g. reset the model, or swap in a background one
            }
            model.learnOne(e.x, e.label);
        }
        // example:end
        assertTrue(!drifts.isEmpty(), "SEA's concept changes are seen");
        for (long at : drifts) {
            assertTrue(java.util.Arrays.stream(sea.driftPoints()).anyMatch(p -> at > p && at < p + 5_000),
                    "drift at " + at + " within 5,000 examples after one of SEA's changes");
        }
        assertJavadocShows("drift/DriftDetector.java", "aDetectorWatchesTheErrorsOfAModelAndReportsADrift");
    }

    @Test
    void theTopologyAnswersEachExampleWithAPrediction(@TempDir Path stateDir) throws IOException {
        Properties settings = new Properties();
        settings.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        // example:start
        StreamConfig config = StreamConfig.fromProperties(settings);
        Properties props = config.streamsProperties();
        try (TopologyTestDriver driver = new TopologyTestDriver(ErstreamTopology.build(config), props)) {
            TestInputTopic<String, String> examples = driver.createInputTopic(config.examplesTopic(),
                    new StringSerializer(), new StringSerializer());
            TestOutputTopic<String, String> predictions = driver.createOutputTopic(config.predictionsTopic(),
                    new StringDeserializer(), new StringDeserializer());
            examples.pipeInput("user-1", "{\"id\":\"e1\",\"features\":[0.5,1.5],\"label\":1}");
            String prediction = predictions.readValue(); // {"id":"e1","model":"user-1","predicted":...}
            // example:end
            assertTrue(prediction.contains("\"id\":\"e1\""), prediction);
            assertTrue(prediction.contains("\"model\":\"user-1\""), prediction);
        }
        assertJavadocShows("stream/ErstreamTopology.java", "theTopologyAnswersEachExampleWithAPrediction");
    }

    /** The example lines of {@code test} in this file appear, in order and unbroken, in the class's Javadoc. */
    private static void assertJavadocShows(String source, String test) throws IOException {
        List<String> example = exampleOf(test);
        List<String> javadoc = Files.readAllLines(Path.of("src/main/java/io/erstream", source),
                        StandardCharsets.UTF_8).stream()
                .map(line -> line.strip().replaceFirst("^\\* ?", "").strip())
                .toList();
        assertEquals(1, java.util.Collections.indexOfSubList(javadoc, example) >= 0 ? 1 : 0,
                source + " must show the example of " + test + ":\n" + String.join("\n", example));
    }

    private static List<String> exampleOf(String test) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("src/test/java/io/erstream/examples/UsageExamplesTest.java"),
                StandardCharsets.UTF_8);
        int method = indexOf(lines, "void " + test + "(", 0);
        int start = indexOf(lines, "// example:start", method) + 1;
        int end = indexOf(lines, "// example:end", start);
        return lines.subList(start, end).stream().map(String::strip).toList();
    }

    private static int indexOf(List<String> lines, String text, int from) {
        for (int i = from; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        throw new IllegalStateException("no '" + text + "' after line " + from);
    }
}
