package io.erstream.stream;

import java.util.Iterator;

/**
 * Prequential evaluation of one model over {@code erstream.examples} values, read the way {@link LearnProcessor}
 * reads them — the same parser, the same first-record layout and feature encoding, the same bind and
 * {@link KeyedModel#testThenTrain} — without a broker or a store: what {@code evaluate --stream agrawal-events}
 * measures. A record the processor would dead-letter is counted, not learnt.
 */
public final class RecordEvaluation {

    /** What a run gives: examples learnt, their prequential accuracy, records refused, the model's inputs. */
    public record Result(long examples, double accuracy, long deadLetters, String firstProblem, int inputs) {
    }

    private RecordEvaluation() {
    }

    /** Runs a classifier of {@code config}'s settings (no warm start) over {@code values}, in order. */
    public static Result run(StreamConfig config, Iterator<byte[]> values) {
        ExampleParser parser = new ExampleParser(config.maxFeatures());
        ParsedExample parsed = new ParsedExample();
        Example example = new Example();
        LearningStep step = new LearningStep();
        NewModels models = new NewModels(config, null);
        KeyedModel model = null;
        long deadLetters = 0;
        String firstProblem = null;
        long timestamp = 0;
        while (values.hasNext()) {
            byte[] value = values.next();
            timestamp++;
            try {
                parser.parse(value, parsed);
                KeyedModel m = model != null ? model
                        : models.create("evaluation", models.layoutOf(parsed), ModelStore.INTERVAL_ROUNDING);
                m.bind(parsed, timestamp, example);
                model = m;
                if (example.labelled) {
                    model.testThenTrain(example, step);
                }
            } catch (BadRecordException problem) {
                deadLetters++;
                if (firstProblem == null) {
                    firstProblem = problem.reason().code() + ": " + problem.getMessage();
                }
            }
        }
        if (model == null || !model.classifier()) {
            throw new IllegalArgumentException("no classifier was made: " + (model == null ? "no usable record"
                    : "erstream.model.kind is regressor"));
        }
        return new Result(model.sequence(), model.classification().accuracy(), deadLetters, firstProblem,
                model.learner().dimension());
    }
}
