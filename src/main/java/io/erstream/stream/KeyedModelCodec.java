package io.erstream.stream;

import io.erstream.drift.Detectors;
import io.erstream.drift.DriftDetector;
import io.erstream.drift.DriftPolicy;
import io.erstream.drift.DriftResponse;
import io.erstream.drift.DriftState;
import io.erstream.eval.PrequentialMetrics;
import io.erstream.eval.RegressionMetrics;
import io.erstream.learn.ModelCodec;
import io.erstream.learn.ModelFormatException;
import io.erstream.learn.OnlineReflection;
import io.erstream.learn.WarmStart;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The versioned binary form of a {@link KeyedModel}: the store's snapshots and the values of
 * {@code erstream.models}. It wraps the learner's own {@link ModelCodec} bytes (so a reader that only needs the
 * learner can extract them with {@link #learnerBytes}) with what the stream adds: the feature layout, the class
 * names, the prequential metrics and the journal sequence the snapshot covers. Doubles are raw IEEE bits, so the
 * round trip is bit-exact; a CRC-32C trailer turns a corrupt value into an error rather than a different model.
 *
 * <pre>
 * "ERSK" | version u16 | key utf | sequence i64 | lastTimestamp i64 | snapshotEvery i32
 *        | dimension i32 | names n i32, utf × n (n = 0: positional) | classes n i32, utf × n (n = 0: regressor)
 *        | metrics (PrequentialMetrics or RegressionMetrics writeTo) | learner length i32, ModelCodec bytes
 *        | warm u8 (0: linear) [ fingerprint i32 ]                                        (version 4 on)
 *        | drift u8 (0: no detector) [ detector (Detectors.write) | policy utf | state u8 (DriftState ordinal)
 *          | retiredUpdates i64 | retiredRefused i64 | background u8 [ length i32, ModelCodec bytes ] ]
 *        | FeatureEncoder writeTo                                                         (version 5 only)
 *        | crc32c u32 (of everything before it)
 * </pre>
 * Version 2 added the drift section: the detector is model state, so a snapshot without it could not restore a
 * model that continues exactly. Version 3 packs the rolling-accuracy window into bits (it was a byte per example,
 * half of a small model's snapshot); version 2 values are still read. Version 4 adds the warm-start section: a
 * warm-started model's learner reads the activations of a hidden layer that is the same for every key and far larger
 * than the rest of the snapshot (d·H doubles), so the snapshot records only the warm start's
 * {@link WarmStart#fingerprint() fingerprint}, and decoding needs that very warm start ({@link #decode(byte[],
 * WarmStart)}). Version 2 and 3 values decode as linear models, as before. Version 5 is a model of named event
 * features: version 4 plus its {@link FeatureEncoder} (fields, vocabulary, running means and missing indicators
 * are model state); its dimension is the canonical record's and its names list is empty. Every other model is
 * still written as version 4, so a build before version 5 reads it; values of versions 2 to 4 decode as before. Version 1 values are refused rather than guessed.
 *
 * <p>The learner bytes are a full {@link ModelCodec} value, or in a new key's first store snapshot the learner's
 * initial form ({@link #encodeNew}); both decode alike, and neither changes the frame's version.
 */
public final class KeyedModelCodec {

    public static final int MAGIC = 0x4552534B; // "ERSK"
    /**
     * The version a model without encoded features is written in: its bytes are those of the version that
     * introduced the warm-start section, so a build that predates {@link #ENCODED_VERSION} still reads them.
     */
    public static final short VERSION = 4;
    /** The version a model of encoded event features is written in, and the newest {@link #decode} reads. */
    public static final short ENCODED_VERSION = 5;
    /** The oldest version {@link #decode} reads. */
    static final short OLDEST_READABLE = 2;

    private KeyedModelCodec() {
    }

    public static byte[] encode(KeyedModel model) {
        return encode(model, ModelCodec.encode(model.learner()));
    }

    /**
     * The bytes of a new model: {@link #encode}'s, but with the learner in its initial form ({@link
     * ModelCodec#encodeInitial}, a fixed 45 bytes) when it is {@link OnlineReflection#isInitial initial} (not a
     * warm start's copy); they decode to the same model. A new key's first snapshot: with many keys seen once or
     * twice, the store and its changelog would otherwise hold per key a prior covariance that {@link #decode}
     * rebuilds from the parameters anyway.
     */
    static byte[] encodeNew(KeyedModel model) {
        return model.learner().isInitial() ? encode(model, ModelCodec.encodeInitial(model.learner()))
                : encode(model);
    }

    /**
     * The size {@link #encode} gives {@code model}, decoded from (or encoded as) a snapshot of {@code
     * snapshotBytes}: what the model weighs in memory and what its later snapshots weigh follow from it. A snapshot
     * whose learner is initial is taken to be in the initial form ({@link #encodeNew}), so its learner is counted in
     * full.
     */
    static int fullSize(KeyedModel model, int snapshotBytes) {
        return model.learner().isInitial()
                ? snapshotBytes - ModelCodec.INITIAL_BYTES + ModelCodec.encodedSize(model.learner()) : snapshotBytes;
    }

    /**
     * {@code snapshot} with its snapshot interval set to {@code snapshotEvery} and its checksum renewed: the bytes
     * {@link #encode} gives once the model has that interval. A new model's interval is sized from its own
     * encoded size (which the interval's fixed-width field does not change), so it is encoded once and stamped,
     * not encoded again.
     */
    static byte[] withSnapshotEvery(byte[] snapshot, int snapshotEvery) {
        checked(snapshot);
        byte[] stamped = snapshot.clone();
        ByteBuffer view = ByteBuffer.wrap(stamped);
        int keyBytes = Short.toUnsignedInt(view.getShort(6)); // writeUTF's length prefix
        view.putInt(6 + 2 + keyBytes + 2 * Long.BYTES, snapshotEvery); // after key, sequence, last timestamp
        CRC32C crc = new CRC32C();
        crc.update(stamped, 0, stamped.length - 4);
        view.putInt(stamped.length - 4, (int) crc.getValue());
        return stamped;
    }

    private static byte[] encode(KeyedModel model, byte[] learner) {
        Buffer buffer = new Buffer(learner.length + 1024);
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.writeInt(MAGIC);
            FeatureEncoder encoder = model.layout().encoder();
            out.writeShort(encoder == null ? VERSION : ENCODED_VERSION);
            out.writeUTF(model.key());
            out.writeLong(model.sequence());
            out.writeLong(model.lastTimestamp());
            out.writeInt(model.snapshotEvery());
            out.writeInt(model.dimension());
            writeStrings(out, model.layout().names());
            writeStrings(out, model.classifier() ? model.labels().names() : List.of());
            if (model.classifier()) {
                model.classification().writeTo(out);
            } else {
                model.regression().writeTo(out);
            }
            out.writeInt(learner.length);
            out.write(learner);
            out.writeBoolean(model.warmStart() != null);
            if (model.warmStart() != null) {
                out.writeInt(model.warmStart().fingerprint());
            }
            writeDrift(out, model.drift());
            if (encoder != null) {
                encoder.writeTo(out);
            }
            CRC32C crc = new CRC32C();
            crc.update(buffer.array(), 0, buffer.size());
            out.writeInt((int) crc.getValue());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in-memory stream
        }
        return buffer.toByteArray();
    }

    /**
     * Decodes a linear keyed model, or throws {@link ModelFormatException} saying what is wrong (also for a
     * warm-started one: that needs {@link #decode(byte[], WarmStart)}).
     */
    public static KeyedModel decode(byte[] bytes) {
        return decode(bytes, null);
    }

    /**
     * Decodes a whole keyed model; a warm-started one only with the warm start it was made with ({@code warmStart},
     * which may be null when none is configured). Throws {@link ModelFormatException} saying what is wrong, naming
     * both fingerprints when the warm start is another.
     */
    public static KeyedModel decode(byte[] bytes, WarmStart warmStart) {
        DataInputStream in = checked(bytes);
        short version = ByteBuffer.wrap(bytes).getShort(4);
        try {
            Head head = readHead(in, version);
            String key = head.key();
            long sequence = head.sequence();
            long lastTimestamp = head.lastTimestamp();
            int snapshotEvery = head.snapshotEvery();
            int dimension = head.dimension();
            List<String> names = head.names();
            List<String> classes = head.classes();
            boolean classifier = !classes.isEmpty();
            PrequentialMetrics classification = head.classification();
            RegressionMetrics regression = head.regression();
            OnlineReflection learner = ModelCodec.decodeOnline(head.learnerBytes());
            WarmStart warm = null;
            if (head.warmStart() != null) {
                int fingerprint = head.warmStart();
                if (warmStart == null) {
                    throw new ModelFormatException("snapshot of '" + key + "' was made from warm start "
                            + WarmStart.hex(fingerprint) + "; none is configured (erstream.model.warm-start)");
                }
                if (fingerprint != warmStart.fingerprint()) {
                    throw new ModelFormatException("snapshot of '" + key + "' was made from warm start "
                            + WarmStart.hex(fingerprint) + ", but the configured warm start is "
                            + WarmStart.hex(warmStart.fingerprint()));
                }
                warm = warmStart;
            }
            DriftResponse drift = readDrift(in, learner, warm);
            FeatureEncoder encoder = version >= ENCODED_VERSION ? FeatureEncoder.readFrom(in) : null;
            if (in.available() != 0) {
                throw new ModelFormatException("snapshot of '" + key + "': " + in.available()
                        + " unexpected bytes after the model");
            }
            if (drift != null && !classifier) {
                throw new ModelFormatException("snapshot of '" + key + "': a regressor cannot carry a drift detector");
            }
            if (encoder != null && (encoder.canonicalWidth() != dimension || !names.isEmpty() || warm != null)) {
                throw new ModelFormatException("snapshot of '" + key + "': an encoder of " + encoder.width()
                        + " fields does not match its layout of dimension " + dimension);
            }
            int learnerDimension = warm != null ? warm.hidden() : encoder != null ? encoder.inputs() : dimension;
            if (warm != null && warm.dimension() != dimension) {
                throw new ModelFormatException("snapshot of '" + key + "': " + dimension + " features, but warm start "
                        + WarmStart.hex(warm.fingerprint()) + " reads " + warm.dimension());
            }
            if (learner.dimension() != learnerDimension || classifier != (learner.spec().task()
                    == io.erstream.learn.Task.CLASSIFICATION) || (classifier && classes.size() != learner.classes())) {
                throw new ModelFormatException("snapshot of '" + key + "': learner shape does not match its layout");
            }
            FeatureLayout layout = encoder != null ? FeatureLayout.encoded(encoder)
                    : names.isEmpty() ? FeatureLayout.positional(dimension) : FeatureLayout.named(names);
            return new KeyedModel(key, learner, layout, classifier ? LabelSet.of(classes) : null,
                    classification, regression, snapshotEvery, sequence, lastTimestamp, drift, warm);
        } catch (IOException | IllegalArgumentException | IndexOutOfBoundsException | NegativeArraySizeException
                 | OutOfMemoryError e) {
            throw new ModelFormatException("keyed model bytes are malformed: " + e);
        }
    }

    /** Everything of a keyed-model value before its drift section, the learner still as bytes. */
    private record Head(String key, long sequence, long lastTimestamp, int snapshotEvery, int dimension,
                        List<String> names, List<String> classes, PrequentialMetrics classification,
                        RegressionMetrics regression, byte[] learnerBytes, Integer warmStart) {
    }

    private static Head readHead(DataInputStream in, short version) throws IOException {
        String key = in.readUTF();
        long sequence = in.readLong();
        long lastTimestamp = in.readLong();
        int snapshotEvery = in.readInt();
        int dimension = in.readInt();
        List<String> names = readStrings(in);
        List<String> classes = readStrings(in);
        if (snapshotEvery < 1 || sequence < 0) {
            throw new ModelFormatException("model '" + key + "': sequence " + sequence + " or snapshot interval "
                    + snapshotEvery + " out of range");
        }
        if (!names.isEmpty() && names.size() != dimension) {
            throw new ModelFormatException("snapshot of '" + key + "': " + names.size()
                    + " feature names for dimension " + dimension);
        }
        boolean classifier = !classes.isEmpty();
        PrequentialMetrics classification = !classifier ? null
                : version >= 3 ? PrequentialMetrics.readFrom(in) : PrequentialMetrics.readUnpackedFrom(in);
        RegressionMetrics regression = classifier ? null : RegressionMetrics.readFrom(in);
        byte[] learnerBytes = new byte[in.readInt()];
        in.readFully(learnerBytes);
        Integer warm = version >= 4 && in.readBoolean() ? in.readInt() : null;
        return new Head(key, sequence, lastTimestamp, snapshotEvery, dimension, names, classes, classification,
                regression, learnerBytes, warm);
    }

    /**
     * The fingerprint of the warm start a keyed-model value was made from, or null for a linear model: what a
     * start-up check compares with the configured warm start before any model is decoded against it.
     */
    public static Integer warmStartOf(byte[] bytes) {
        DataInputStream in = checked(bytes);
        try {
            return readHead(in, ByteBuffer.wrap(bytes).getShort(4)).warmStart();
        } catch (IOException | IllegalArgumentException | IndexOutOfBoundsException | NegativeArraySizeException
                 | OutOfMemoryError e) {
            throw new ModelFormatException("keyed model bytes are malformed: " + e);
        }
    }

    private static void writeDrift(DataOutputStream out, DriftResponse drift) throws IOException {
        out.writeBoolean(drift != null);
        if (drift == null) {
            return;
        }
        Detectors.write(drift.detector(), out);
        out.writeUTF(drift.policy().label());
        out.writeByte(drift.state().ordinal());
        out.writeLong(drift.retiredUpdates());
        out.writeLong(drift.retiredRefused());
        out.writeBoolean(drift.background() != null);
        if (drift.background() != null) {
            byte[] background = ModelCodec.encode(drift.background());
            out.writeInt(background.length);
            out.write(background);
        }
    }

    private static DriftResponse readDrift(DataInputStream in, OnlineReflection live, WarmStart origin)
            throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        DriftDetector detector = Detectors.read(in);
        DriftPolicy policy = DriftPolicy.of(in.readUTF());
        DriftState state = DriftState.values()[in.readUnsignedByte()];
        long retiredUpdates = in.readLong();
        long retiredRefused = in.readLong();
        OnlineReflection background = null;
        if (in.readBoolean()) {
            byte[] bytes = new byte[in.readInt()];
            in.readFully(bytes);
            background = ModelCodec.decodeOnline(bytes);
            if (background.dimension() != live.dimension() || background.classes() != live.classes()) {
                throw new ModelFormatException("background learner shape does not match the live learner");
            }
        }
        return new DriftResponse(detector, policy, background, state, retiredUpdates, retiredRefused, origin);
    }

    /** The learner's {@link ModelCodec} bytes inside a keyed-model value (for readers that only predict). */
    public static byte[] learnerBytes(byte[] bytes) {
        return ModelCodec.encode(decode(bytes).learner());
    }

    private static DataInputStream checked(byte[] bytes) {
        if (bytes == null || bytes.length < 10) {
            throw new ModelFormatException("keyed model bytes are truncated: " + (bytes == null ? 0 : bytes.length)
                    + " bytes");
        }
        ByteBuffer view = ByteBuffer.wrap(bytes);
        if (view.getInt(0) != MAGIC) {
            throw new ModelFormatException(String.format("not an erstream keyed model: magic 0x%08X", view.getInt(0)));
        }
        if (view.getShort(4) < OLDEST_READABLE || view.getShort(4) > ENCODED_VERSION) {
            throw new ModelFormatException("unsupported keyed model version " + view.getShort(4)
                    + " (this build reads " + OLDEST_READABLE + " to " + ENCODED_VERSION + ")");
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        if ((int) crc.getValue() != view.getInt(bytes.length - 4)) {
            throw new ModelFormatException("keyed model checksum mismatch: the bytes are corrupt");
        }
        return new DataInputStream(new ByteArrayInputStream(bytes, 6, bytes.length - 10));
    }

    private static void writeStrings(DataOutputStream out, List<String> values) throws IOException {
        out.writeInt(values.size());
        for (String v : values) {
            out.writeUTF(v);
        }
    }

    private static List<String> readStrings(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 1 << 16) {
            throw new ModelFormatException("string count " + n + " out of range");
        }
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(in.readUTF());
        }
        return out;
    }

    /** A byte buffer whose checksum can be taken without copying it. */
    private static final class Buffer extends ByteArrayOutputStream {
        Buffer(int size) {
            super(size);
        }

        byte[] array() {
            return buf;
        }
    }
}
