package io.erstream.cli;

import io.erstream.eval.AgrawalEvents;
import io.erstream.eval.CategoryEvents;
import io.erstream.eval.EventStream;
import io.erstream.stream.RecordEvaluation;
import io.erstream.stream.StreamConfig;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Properties;

/**
 * {@code evaluate --stream agrawal-events | agrawal-onehot | category-events}: a generated stream of
 * {@code erstream.examples} records through the application's own reading and encoding ({@link RecordEvaluation}):
 * Agrawal as event records with string categories and absent fields, or the same records one-hot encoded by hand
 * ({@link AgrawalEvents}); or a stream whose signal is in string fields of up to 300 categories
 * ({@link CategoryEvents}).
 */
final class GeneratedRecords {

    static final List<String> NAMES = List.of("agrawal-events", "agrawal-onehot", "category-events");

    private final ExampleSource source;
    private final LearnerOptions learner;
    private final int function;
    private final double missing;
    private final String strings;
    private final int categories;

    GeneratedRecords(ExampleSource source, LearnerOptions learner, int function, double missing, String strings,
                   int categories) {
        this.source = source;
        this.learner = learner;
        this.function = function;
        this.missing = missing;
        this.strings = strings;
        this.categories = categories;
    }

    /** Runs the stream and returns the result line. */
    Json evaluate(String detector, String driftPolicy) {
        if (learner.fixedForgetting) {
            throw new IllegalArgumentException("--fixed-forgetting is not a setting of the application: "
                    + source.choice.stream + " runs as erstream.examples records");
        }
        Properties settings = new Properties();
        settings.setProperty(StreamConfig.FEATURES_STRINGS, strings);
        settings.setProperty(StreamConfig.FEATURES_CATEGORIES_MAX, Integer.toString(categories));
        settings.setProperty(StreamConfig.DRIFT_DETECTOR, detector);
        settings.setProperty(StreamConfig.DRIFT_POLICY, driftPolicy);
        if (learner.forgetting != null) {
            settings.setProperty(StreamConfig.MODEL_FORGETTING, learner.forgetting.toString());
        }
        if (learner.tmax != null) {
            settings.setProperty(StreamConfig.MODEL_TMAX, learner.tmax.toString());
        }
        if (learner.regu != null) {
            settings.setProperty(StreamConfig.MODEL_REGU, learner.regu.toString());
        }
        StreamConfig config = StreamConfig.fromProperties(settings, Map.of());
        String name = source.choice.stream;
        boolean events = !name.equals("agrawal-onehot");
        long start = System.nanoTime();
        RecordEvaluation.Result result = RecordEvaluation.run(config, records(name));
        double seconds = (System.nanoTime() - start) / 1e9;
        Json json = new Json().put("stream", name).put("function", name.startsWith("agrawal") ? function : null)
                .put("missing", missing).put("examples", result.examples())
                .put("accuracy", Json.round(result.accuracy(), 6)).put("deadLetters", result.deadLetters())
                .put("inputs", result.inputs());
        if (events) {
            json.put("strings", strings).put("categories", categories);
        }
        if (result.firstProblem() != null) {
            json.put("firstDeadLetter", result.firstProblem());
        }
        return json.put("examplesPerSecond", Math.round(result.examples() / seconds));
    }

    private Iterator<byte[]> records(String name) {
        EventStream stream = name.equals("category-events") ? new CategoryEvents(source.n, source.seed, missing)
                : new AgrawalEvents(source.n, source.seed, function, missing);
        boolean oneHot = name.equals("agrawal-onehot");
        return new Iterator<>() {
            private boolean ready;
            private boolean more = true;

            @Override
            public boolean hasNext() {
                if (!ready && more) {
                    more = stream.next();
                    ready = true;
                }
                return more;
            }

            @Override
            public byte[] next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                ready = false;
                return oneHot ? ((AgrawalEvents) stream).oneHot() : stream.event();
            }
        };
    }
}
