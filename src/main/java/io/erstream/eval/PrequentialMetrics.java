package io.erstream.eval;

import io.erstream.learn.OnlineLearner;
import io.erstream.learn.PortableMath;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Test-then-train scores of a classifier on a stream: cumulative accuracy, Cohen's kappa and log
 * loss, plus accuracy over a sliding window to show recovery after drift.
 *
 * <p>{@link #record} is O(1) and allocates nothing; {@link #kappa()} is O(classes). The prediction
 * is the argmax of the probabilities, ties going to the lowest index. Scores of an empty record
 * are NaN.
 */
public final class PrequentialMetrics {
    /** Probabilities are clipped to at least this before taking the log. */
    public static final double MIN_PROBABILITY = 1e-15;

    private final int classes;
    private final long[] truthCounts;
    private final long[] predictedCounts;
    /** The window's hits, one bit per slot (a model per key keeps one: 1,000 slots in 128 bytes, not 1,000). */
    private final long[] window;
    private final int windowLength;
    private long examples;
    private long correct;
    private double logLossSum;
    private int windowCorrect;
    private int windowFill;
    private int windowNext;

    /** Scores for {@code classes} classes with a rolling window of {@code window} examples. */
    public PrequentialMetrics(int classes, int window) {
        if (classes < 2 || window < 1) {
            throw new IllegalArgumentException(
                    "need classes >= 2 and window >= 1, got " + classes + " and " + window);
        }
        this.classes = classes;
        this.truthCounts = new long[classes];
        this.predictedCounts = new long[classes];
        this.window = new long[(window + 63) >>> 6];
        this.windowLength = window;
    }

    /** Scores one prediction: {@code probabilities[k]} is the predicted probability of class k. */
    public void record(int truth, double[] probabilities) {
        if (truth < 0 || truth >= classes || probabilities.length != classes) {
            throw new IllegalArgumentException("truth " + truth + " or " + probabilities.length
                    + " probabilities do not fit " + classes + " classes");
        }
        int predicted = OnlineLearner.predictedClass(probabilities);
        boolean hit = predicted == truth;
        examples++;
        correct += hit ? 1 : 0;
        truthCounts[truth]++;
        predictedCounts[predicted]++;
        logLossSum -= PortableMath.log(clip(probabilities[truth]));
        slide(hit);
    }

    /** Share of correct predictions so far. */
    public double accuracy() {
        return examples == 0 ? Double.NaN : correct / (double) examples;
    }

    /**
     * Cohen's kappa of the cumulative confusion counts: (p0 − pe) / (1 − pe). NaN when undefined,
     * i.e. before any example or when chance agreement pe is 1 (one class in truth and predictions).
     */
    public double kappa() {
        if (examples == 0) {
            return Double.NaN;
        }
        double n = examples;
        double chance = 0.0;
        for (int k = 0; k < classes; k++) {
            chance += (truthCounts[k] / n) * (predictedCounts[k] / n);
        }
        return chance == 1.0 ? Double.NaN : (accuracy() - chance) / (1.0 - chance);
    }

    /** Mean of −ln p(truth), with p clipped to [{@value #MIN_PROBABILITY}, 1] (NaN counts as min). */
    public double logLoss() {
        return examples == 0 ? Double.NaN : logLossSum / examples;
    }

    /** Accuracy over the last {@code window} examples (fewer at the start). */
    public double rollingAccuracy() {
        return windowFill == 0 ? Double.NaN : windowCorrect / (double) windowFill;
    }

    /** Number of examples recorded. */
    public long examples() {
        return examples;
    }

    /**
     * Writes the complete state (not just the scores), so that {@link #readFrom} continues the same
     * stream bit-identically: the stream's model snapshots carry their evaluation with them.
     */
    public void writeTo(DataOutput out) throws IOException {
        out.writeInt(classes);
        out.writeInt(windowLength);
        out.writeLong(examples);
        out.writeLong(correct);
        out.writeDouble(logLossSum);
        out.writeInt(windowCorrect);
        out.writeInt(windowFill);
        out.writeInt(windowNext);
        for (int k = 0; k < classes; k++) {
            out.writeLong(truthCounts[k]);
            out.writeLong(predictedCounts[k]);
        }
        byte[] bits = new byte[(windowLength + 7) / 8];
        for (int b = 0; b < bits.length; b++) {
            bits[b] = (byte) (window[b >>> 3] >>> ((b & 7) << 3));
        }
        out.write(bits);
    }

    /** Reads what {@link #writeTo} wrote; throws {@link IOException} for inconsistent state. */
    public static PrequentialMetrics readFrom(DataInput in) throws IOException {
        return readFrom(in, true);
    }

    /**
     * Reads the earlier layout, one byte per window slot instead of one bit (erstream's keyed-model snapshots up to
     * version 2).
     */
    public static PrequentialMetrics readUnpackedFrom(DataInput in) throws IOException {
        return readFrom(in, false);
    }

    private static PrequentialMetrics readFrom(DataInput in, boolean packed) throws IOException {
        int classes = in.readInt();
        int windowLength = in.readInt();
        if (classes < 2 || classes > 1 << 16 || windowLength < 1 || windowLength > 1 << 24) {
            throw new IOException("prequential metrics: bad shape " + classes + " classes, window " + windowLength);
        }
        PrequentialMetrics m = new PrequentialMetrics(classes, windowLength);
        m.examples = in.readLong();
        m.correct = in.readLong();
        m.logLossSum = in.readDouble();
        m.windowCorrect = in.readInt();
        m.windowFill = in.readInt();
        m.windowNext = in.readInt();
        for (int k = 0; k < classes; k++) {
            m.truthCounts[k] = in.readLong();
            m.predictedCounts[k] = in.readLong();
        }
        if (packed) {
            byte[] bits = new byte[(windowLength + 7) / 8];
            in.readFully(bits);
            for (int i = 0; i < windowLength; i++) {
                m.set(i, (bits[i >>> 3] & (1 << (i & 7))) != 0);
            }
        } else {
            for (int i = 0; i < windowLength; i++) {
                m.set(i, in.readBoolean());
            }
        }
        if (m.examples < 0 || m.correct < 0 || m.correct > m.examples || m.windowFill < 0
                || m.windowFill > windowLength || m.windowNext < 0 || m.windowNext >= windowLength
                || m.windowCorrect < 0 || m.windowCorrect > m.windowFill) {
            throw new IOException("prequential metrics: inconsistent counters");
        }
        return m;
    }

    private void slide(boolean hit) {
        if (windowFill == windowLength) {
            windowCorrect -= (int) (window[windowNext >>> 6] >>> windowNext) & 1;
        } else {
            windowFill++;
        }
        set(windowNext, hit);
        windowCorrect += hit ? 1 : 0;
        windowNext = windowNext + 1 == windowLength ? 0 : windowNext + 1;
    }

    private void set(int slot, boolean hit) {
        long bit = 1L << slot; // shifts take the slot mod 64
        window[slot >>> 6] = hit ? window[slot >>> 6] | bit : window[slot >>> 6] & ~bit;
    }

    private static double clip(double p) {
        return p >= MIN_PROBABILITY ? Math.min(p, 1.0) : MIN_PROBABILITY;
    }
}
