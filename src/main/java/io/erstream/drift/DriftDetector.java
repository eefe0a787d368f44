package io.erstream.drift;

import java.io.DataOutput;
import java.io.IOException;

/**
 * An online change detector over one real-valued stream, usually the 0/1 prequential error
 * of a classifier. One interface so the learner can swap detectors by name and snapshot them
 * with the model.
 *
 * <p>Contract shared by all implementations:
 * <ul>
 *   <li>{@link #update} returns the state <em>after</em> the value; a {@link DriftState#DRIFT}
 *       is reported once per change, after which the detector discards its own evidence as its
 *       reference algorithm defines, so the following inputs of the new regime are not
 *       reported again;</li>
 *   <li>the per-record path allocates nothing;</li>
 *   <li>{@link #writeTo} and the implementing class's static {@code readFrom(DataInput)} restore
 *       a detector that continues bit-exactly.</li>
 * </ul>
 * Implementations are not thread-safe.
 *
 * <p>Watching a model's errors (run by {@code UsageExamplesTest}):
 * <pre>{@code
 * DriftDetector detector = Detectors.byName(Detectors.HDDM_A);
 * while (sea.next(e)) {
 *     boolean wrong = model.predictClass(e.x) != e.label;
 *     if (detector.update(wrong ? 1 : 0) == DriftState.DRIFT) {
 *         drifts.add(e.index); // e.g. reset the model, or swap in a background one
 *     }
 *     model.learnOne(e.x, e.label);
 * }
 * }</pre>
 */
public interface DriftDetector {

    /** Feeds one value and returns the state after it. */
    DriftState update(double value);

    /** Forgets all evidence, as after construction; {@link #detections()} is kept. */
    void reset();

    /** The name {@link Detectors#byName(String)} accepts for this detector. */
    String name();

    /** The detector's current test statistic (see each class), for drift events. */
    double statistic();

    /** Number of {@link DriftState#DRIFT} reports since construction. */
    long detections();

    /** A deep, independent copy with identical state. */
    DriftDetector copy();

    /** Writes parameters and state; read back with the implementing class's {@code readFrom}. */
    void writeTo(DataOutput out) throws IOException;
}
