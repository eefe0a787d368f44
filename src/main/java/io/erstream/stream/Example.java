package io.erstream.stream;

/**
 * The canonical form of one example for one model, after name mapping and label lookup: exactly what the journal
 * stores and what replay feeds back through {@link KeyedModel#testThenTrain}. Mutable and reused.
 */
final class Example {
    /** Features in the model's index order; the array is the model's own input buffer. */
    double[] features;
    boolean labelled;
    /** Class index (classifiers). */
    int classIndex;
    /** Target value (regressors). */
    double target;
    /**
     * The prediction the metrics score: null for the learning step's own (a label that came with its example, or
     * whose example came after it); for a delayed label, the prediction made when its example arrived
     * (probabilities, or a regressor's value in [0]), which the journal keeps so that replay scores it too.
     */
    double[] scored;
    /** Event time, epoch milliseconds. */
    long timestamp;
    /**
     * The record this example was bound from, live only (never journalled; null on replay): an encoded model
     * takes the names of its fields and categories from it in the steps persisted as a snapshot.
     */
    ParsedExample parsed;
}
