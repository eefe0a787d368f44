package io.erstream.drift;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * Label-prior drift: PSI between the class frequencies of a fixed reference window (the first
 * {@code referenceSize} labels after construction or {@link #reset()}) and of the last
 * {@code recentSize} labels (exact ring buffer). A shift in class priors changes the best
 * decision threshold even when the error detectors stay quiet, which is why it is watched
 * separately. Empty classes are floored at proportion {@link Psi#EPSILON} = 1e-4.
 * {@link #update} is O(1) and allocates nothing.
 */
public final class LabelDrift {

    private static final int FORMAT = 0x4c44_5201; // "LDR" v1

    private final int classes;
    private final int referenceSize;
    private final int recentSize;
    private final int[] referenceCounts;
    private final int[] recentCounts;
    private final int[] recentLabels;
    private int referenceFilled;
    private int recentFilled;
    private int recentHead;

    /**
     * @param classes       number of classes; labels are {@code 0..classes-1}
     * @param referenceSize labels in the reference window
     * @param recentSize    labels in the recent window
     */
    public LabelDrift(int classes, int referenceSize, int recentSize) {
        Formats.require(classes >= 2, "classes must be >= 2: " + classes);
        Formats.require(referenceSize >= 1, "referenceSize must be >= 1: " + referenceSize);
        Formats.require(recentSize >= 1, "recentSize must be >= 1: " + recentSize);
        this.classes = classes;
        this.referenceSize = referenceSize;
        this.recentSize = recentSize;
        this.referenceCounts = new int[classes];
        this.recentCounts = new int[classes];
        this.recentLabels = new int[recentSize];
    }

    /** Adds one label to the reference (until it is full) or to the recent window. */
    public void update(int label) {
        if (label < 0 || label >= classes) {
            throw new IllegalArgumentException("label " + label + " outside 0.." + (classes - 1));
        }
        if (referenceFilled < referenceSize) {
            referenceCounts[label]++;
            referenceFilled++;
            return;
        }
        if (recentFilled == recentSize) {
            recentCounts[recentLabels[recentHead]]--;
        } else {
            recentFilled++;
        }
        recentLabels[recentHead] = label;
        recentCounts[label]++;
        recentHead = (recentHead + 1) % recentSize;
    }

    /** True once both windows are full; before that PSI reads 0. */
    public boolean ready() {
        return referenceFilled == referenceSize && recentFilled == recentSize;
    }

    /** PSI between reference and recent class frequencies (0 until {@link #ready()}). */
    public double psi() {
        if (!ready()) {
            return 0;
        }
        double sum = 0;
        for (int c = 0; c < classes; c++) {
            sum += Psi.term(referenceCounts[c], referenceSize, recentCounts[c], recentSize);
        }
        return sum;
    }

    /** Starts collecting a new reference window. */
    public void reset() {
        referenceFilled = 0;
        recentFilled = 0;
        recentHead = 0;
        Arrays.fill(referenceCounts, 0);
        Arrays.fill(recentCounts, 0);
    }

    /** Writes parameters and state for {@link #readFrom}. */
    public void writeTo(DataOutput out) throws IOException {
        out.writeInt(FORMAT);
        out.writeInt(classes);
        out.writeInt(referenceSize);
        out.writeInt(recentSize);
        out.writeInt(referenceFilled);
        out.writeInt(recentFilled);
        out.writeInt(recentHead);
        FeatureDrift.writeInts(out, referenceCounts, classes);
        FeatureDrift.writeInts(out, recentCounts, classes);
        FeatureDrift.writeInts(out, recentLabels, recentFilled);
    }

    /** Reads a LabelDrift written by {@link #writeTo}. */
    public static LabelDrift readFrom(DataInput in) throws IOException {
        Formats.expect(in, FORMAT, "LabelDrift");
        LabelDrift d = new LabelDrift(in.readInt(), in.readInt(), in.readInt());
        d.referenceFilled = in.readInt();
        d.recentFilled = in.readInt();
        d.recentHead = in.readInt();
        FeatureDrift.readInts(in, d.referenceCounts, d.classes);
        FeatureDrift.readInts(in, d.recentCounts, d.classes);
        FeatureDrift.readInts(in, d.recentLabels, d.recentFilled);
        return d;
    }
}
