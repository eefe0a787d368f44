package io.erstream.drift;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;

/**
 * Creates detectors from configuration names and persists a detector together with its kind,
 * so configuration and snapshots need not know the concrete classes.
 */
public final class Detectors {

    public static final String ADWIN = "adwin";
    public static final String PAGE_HINKLEY = "page-hinkley";
    public static final String DDM = "ddm";
    public static final String HDDM_A = "hddm-a";
    /** HDDM-A's cut point with Bernstein's bound (see {@link HddmADetector}): the default. */
    public static final String HDDM_BERNSTEIN = "hddm-bernstein";
    private static final List<String> NAMES = List.of(ADWIN, PAGE_HINKLEY, DDM, HDDM_A, HDDM_BERNSTEIN);

    private Detectors() {
    }

    /** The names {@link #byName} accepts. */
    public static List<String> names() {
        return NAMES;
    }

    /**
     * A new detector with default parameters.
     *
     * @throws IllegalArgumentException for an unknown name; the message lists the valid ones
     */
    public static DriftDetector byName(String name) {
        switch (name == null ? "" : name) {
            case ADWIN:
                return new AdwinDetector();
            case PAGE_HINKLEY:
                return new PageHinkleyDetector();
            case DDM:
                return new DdmDetector();
            case HDDM_A:
                return new HddmADetector();
            case HDDM_BERNSTEIN:
                return HddmADetector.bernstein();
            default:
                throw new IllegalArgumentException(
                        "unknown drift detector '" + name + "'; valid names: " + String.join(", ", NAMES));
        }
    }

    /** Writes the detector's name and then its state, for {@link #read}. */
    public static void write(DriftDetector detector, DataOutput out) throws IOException {
        out.writeUTF(detector.name());
        detector.writeTo(out);
    }

    /** Reads a detector written by {@link #write}. */
    public static DriftDetector read(DataInput in) throws IOException {
        String name = in.readUTF();
        switch (name) {
            case ADWIN:
                return AdwinDetector.readFrom(in);
            case PAGE_HINKLEY:
                return PageHinkleyDetector.readFrom(in);
            case DDM:
                return DdmDetector.readFrom(in);
            case HDDM_A:
                return HddmADetector.readFrom(in);
            case HDDM_BERNSTEIN:
                return HddmADetector.readFrom(in, true);
            default:
                throw new IOException("unknown drift detector '" + name + "' in stream");
        }
    }
}
