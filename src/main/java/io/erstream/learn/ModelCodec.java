package io.erstream.learn;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The versioned binary model format: what the stream snapshots, the models topic carries and {@code fit}
 * writes. Doubles are stored as raw IEEE bits, so a round trip is bit-exact; a CRC-32C trailer makes a flipped
 * bit an error instead of a silently different model. Decoding builds a new model and returns it only when all
 * of it has been read and checked: never half-loaded.
 *
 * <pre>
 * "ERSM" | version u16 | kind u8 | body | crc32c u32 (of everything before it)
 * kind 1, online ER : task u8, classes i32, forgetting f64, tmax f64, regu f64, flags u8, dimension i32,
 *                     examples i64, updates i64, refused i64, weights f64[outputs·(d+1)],
 *                     P upper triangle f64[(d+1)(d+2)/2], standardiser count i64, mean f64[d], m2 f64[d],
 *                     base mean f64[d], base scale f64[d], residual bias f64[outputs·(d+1)],
 *                     residual power f64, last forgetting f64
 *                     flags: 1 standardise, 2 reflect, 4 adaptive, 8 diagonal covariance (version 2 only:
 *                     then P is its diagonal f64[d+1] in place of the upper triangle)
 * kind 2, linear    : output u8, dimension i32, units i32, iterations i32, bias f64[units], weights f64[units·d]
 * kind 3, multilayer: output u8, dimension i32, hidden i32, classes i32, iterations i32, input bias f64[hidden],
 *                     input weights f64[hidden·d], output bias f64[classes], output weights f64[classes·hidden]
 * kind 4, warm start: dimension i32, hidden i32, classes i32, examples i64, regu f64, input bias f64[hidden],
 *                     input weights f64[hidden·d], output weights f64[outputs·(hidden+1)],
 *                     P upper triangle f64[(hidden+1)(hidden+2)/2]   (outputs = classes, or 1 for two classes)
 * </pre>
 *
 * <p>Version 2 differs from version 1 only by the diagonal covariance flag; only a model with that flag is written
 * as version 2, so a full-covariance model's bytes are what they were before the flag existed (fixtures, replays and
 * older readers keep working), and an older build refuses a diagonal model by its version instead of misreading it.
 *
 * <p>Version 3 is an online ER model that has learnt nothing, written as its parameters alone ({@link
 * #encodeInitial}): task u8, classes i32, forgetting f64, tmax f64, regu f64, flags u8, dimension i32 — 45 bytes
 * whatever the dimension. Such a model is fully determined by them (zero weights, the prior covariance, an empty
 * standardiser), and a store with a million keys, most of them seen once, writes one for every new key: the full
 * form would spend a kilobyte at d = 10 (and (d+1)(d+2)/2 doubles in general) on a prior anyone can rebuild.
 */
public final class ModelCodec {

    public static final int MAGIC = 0x4552534D; // "ERSM"
    /** The version every model but a diagonal-covariance online ER model is written in. */
    public static final short VERSION = 1;
    /** The newest version this build reads: adds the diagonal covariance flag to online ER. */
    public static final short VERSION_DIAGONAL = 2;
    /** The newest version this build reads: an online ER model that has learnt nothing, as its parameters alone. */
    public static final short VERSION_INITIAL = 3;
    /** The size of every {@link #encodeInitial} value. */
    public static final int INITIAL_BYTES = 7 + 1 + 4 + 8 * 3 + 1 + 4 + 4;
    private static final int FLAG_DIAGONAL = 8;
    public static final byte KIND_ONLINE = 1;
    public static final byte KIND_LINEAR = 2;
    public static final byte KIND_MULTILAYER = 3;
    public static final byte KIND_WARM_START = 4;

    /** Larger dimensions are rejected before any allocation (a corrupt header must not exhaust memory). */
    static final int MAX_DIMENSION = 1 << 16;
    private static final int HEADER = 4 + 2 + 1;
    private static final int TRAILER = 4;

    private ModelCodec() {
    }

    // ---------------------------------------------------------------- online ER

    public static int encodedSize(OnlineReflection model) {
        return (int) encodedSize(model.outputs(), model.dimension(), model.spec().covariance());
    }

    private static long encodedSize(int outputs, long d, CovarianceKind covariance) {
        long width = d + 1;
        long stored = covariance == CovarianceKind.FULL ? width * (width + 1) / 2 : width;
        long body = 1 + 4 + 8 * 3 + 1 + 4 + 8 * 3
                + 8 * (outputs * width + stored)
                + 8 + 32 * d + 8 * outputs * width + 16;
        return HEADER + body + TRAILER;
    }

    public static byte[] encode(OnlineReflection model) {
        byte[] bytes = new byte[encodedSize(model)];
        ByteBuffer out = ByteBuffer.wrap(bytes);
        LearnerSpec spec = model.spec();
        boolean diagonal = spec.covariance() == CovarianceKind.DIAGONAL;
        header(out, KIND_ONLINE, diagonal ? VERSION_DIAGONAL : VERSION);
        writeParameters(out, spec, model.dimension());
        out.putLong(model.examples());
        out.putLong(model.updates());
        out.putLong(model.refused());
        for (double w : model.weightsView()) {
            out.putDouble(w);
        }
        model.covariance().store(out::putDouble);
        Standardizer s = model.standardizer();
        out.putLong(s.count());
        for (double v : s.meanView()) {
            out.putDouble(v);
        }
        for (double[] values : new double[][] {s.m2View(), s.baseMeanView(), s.baseScaleView(),
            model.residualBiasView()}) {
            for (double v : values) {
                out.putDouble(v);
            }
        }
        out.putDouble(model.residualPower());
        out.putDouble(model.forgetting());
        trailer(out);
        return bytes;
    }

    /**
     * The bytes of an online ER model that has learnt nothing (version {@value #VERSION_INITIAL}, {@value
     * #INITIAL_BYTES} bytes): {@link #decodeOnline} rebuilds it equal to {@code model}, and {@link #encode} of
     * the result gives the bytes {@link #encode} gives {@code model}.
     *
     * @throws IllegalArgumentException if the model is not {@link OnlineReflection#isInitial initial}
     */
    public static byte[] encodeInitial(OnlineReflection model) {
        if (!model.isInitial()) {
            throw new IllegalArgumentException("only a model in its initial state has an initial form; this one "
                    + "was offered " + model.examples() + " examples or started from other weights");
        }
        byte[] bytes = new byte[INITIAL_BYTES];
        ByteBuffer out = ByteBuffer.wrap(bytes);
        header(out, KIND_ONLINE, VERSION_INITIAL);
        writeParameters(out, model.spec(), model.dimension());
        trailer(out);
        return bytes;
    }

    /** What determines a new online ER model: its specification and dimension. */
    private static void writeParameters(ByteBuffer out, LearnerSpec spec, int dimension) {
        out.put((byte) spec.task().ordinal());
        out.putInt(spec.classes());
        out.putDouble(spec.forgetting());
        out.putDouble(spec.tmax());
        out.putDouble(spec.regu());
        out.put((byte) ((spec.standardize() ? 1 : 0) | (spec.reflect() ? 2 : 0) | (spec.adaptive() ? 4 : 0)
                | (spec.covariance() == CovarianceKind.DIAGONAL ? FLAG_DIAGONAL : 0)));
        out.putInt(dimension);
    }

    /** Decodes an online ER model (full or initial); throws {@link ModelFormatException} for anything else. */
    public static OnlineReflection decodeOnline(byte[] bytes) {
        ByteBuffer in = checked(bytes, KIND_ONLINE);
        try {
            int taskOrdinal = in.get();
            if (taskOrdinal < 0 || taskOrdinal >= Task.values().length) {
                throw new ModelFormatException("unknown task code " + taskOrdinal);
            }
            Task task = Task.values()[taskOrdinal];
            int classes = in.getInt();
            double forgetting = in.getDouble();
            double tmax = in.getDouble();
            double regu = in.getDouble();
            int flags = in.get();
            boolean diagonal = (flags & FLAG_DIAGONAL) != 0;
            boolean initial = version(bytes) == VERSION_INITIAL;
            if (!initial && diagonal != (version(bytes) == VERSION_DIAGONAL)) {
                throw new ModelFormatException("the diagonal covariance flag is " + (diagonal ? "set" : "clear")
                        + " in a version " + version(bytes) + " model");
            }
            LearnerSpec spec;
            try {
                spec = new LearnerSpec(task, classes, forgetting, tmax, regu, (flags & 1) != 0, (flags & 2) != 0,
                        (flags & 4) != 0, diagonal ? CovarianceKind.DIAGONAL : CovarianceKind.FULL);
            } catch (IllegalArgumentException e) {
                throw new ModelFormatException("invalid learner parameters: " + e.getMessage());
            }
            int d = dimension(in.getInt());
            long expected = initial ? INITIAL_BYTES : encodedSize(spec.outputs(), d, spec.covariance());
            if (bytes.length != expected) {
                throw new ModelFormatException("length " + bytes.length + " does not match a model of dimension "
                        + d + " (expected " + expected + ")");
            }
            OnlineReflection model = new OnlineReflection(spec, d);
            if (initial) {
                return model;
            }
            long examples = in.getLong();
            long updates = in.getLong();
            long refused = in.getLong();
            readDoubles(in, model.weightsView());
            model.covariance().load(in::getDouble);
            Standardizer standardizer = model.standardizer();
            standardizer.setCount(in.getLong());
            readDoubles(in, standardizer.meanView());
            readDoubles(in, standardizer.m2View());
            readDoubles(in, standardizer.baseMeanView());
            readDoubles(in, standardizer.baseScaleView());
            readDoubles(in, model.residualBiasView());
            model.restoreAdaptiveState(in.getDouble(), in.getDouble());
            model.restoreCounters(examples, updates, refused);
            return model;
        } catch (BufferUnderflowException e) {
            throw new ModelFormatException("model bytes are truncated");
        }
    }

    // ---------------------------------------------------------------- batch linear model

    public static byte[] encode(LinearModel model) {
        double[] bias = model.bias();
        double[] weights = model.weights();
        byte[] bytes = new byte[HEADER + 1 + 12 + 8 * (bias.length + weights.length) + TRAILER];
        ByteBuffer out = ByteBuffer.wrap(bytes);
        header(out, KIND_LINEAR);
        out.put((byte) model.output().ordinal());
        out.putInt(model.dimension());
        out.putInt(bias.length);
        out.putInt(model.iterations());
        for (double v : bias) {
            out.putDouble(v);
        }
        for (double v : weights) {
            out.putDouble(v);
        }
        trailer(out);
        return bytes;
    }

    public static LinearModel decodeLinear(byte[] bytes) {
        ByteBuffer in = checked(bytes, KIND_LINEAR);
        try {
            int outputOrdinal = in.get();
            if (outputOrdinal < 0 || outputOrdinal >= LinearModel.Output.values().length) {
                throw new ModelFormatException("unknown output code " + outputOrdinal);
            }
            int d = dimension(in.getInt());
            int units = in.getInt();
            if (units < 1 || units > MAX_DIMENSION) {
                throw new ModelFormatException("unit count " + units + " out of range");
            }
            int iterations = in.getInt();
            long expected = HEADER + 1 + 12 + 8L * (units + (long) units * d) + TRAILER;
            if (bytes.length != expected) {
                throw new ModelFormatException("length " + bytes.length + " does not match " + units + "×" + d
                        + " weights (expected " + expected + ")");
            }
            double[] bias = new double[units];
            double[] weights = new double[units * d];
            readDoubles(in, bias);
            readDoubles(in, weights);
            return new LinearModel(LinearModel.Output.values()[outputOrdinal], d, bias, weights, iterations);
        } catch (BufferUnderflowException e) {
            throw new ModelFormatException("model bytes are truncated");
        }
    }

    // ---------------------------------------------------------------- multilayer (one hidden layer)

    private static long multilayerSize(long d, long hidden, long classes) {
        return HEADER + 1 + 16 + 8 * (hidden + hidden * d + classes + classes * hidden) + TRAILER;
    }

    public static byte[] encode(MultilayerModel model) {
        long size = multilayerSize(model.dimension(), model.hidden(), model.classes());
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("model too large to encode: " + size + " bytes");
        }
        byte[] bytes = new byte[(int) size];
        ByteBuffer out = ByteBuffer.wrap(bytes);
        header(out, KIND_MULTILAYER);
        out.put((byte) model.output().ordinal());
        out.putInt(model.dimension());
        out.putInt(model.hidden());
        out.putInt(model.classes());
        out.putInt(model.iterations());
        for (double[] values : new double[][] {model.inputBias(), model.inputWeights(), model.outputBias(),
            model.outputWeights()}) {
            for (double v : values) {
                out.putDouble(v);
            }
        }
        trailer(out);
        return bytes;
    }

    public static MultilayerModel decodeMultilayer(byte[] bytes) {
        ByteBuffer in = checked(bytes, KIND_MULTILAYER);
        try {
            int outputOrdinal = in.get();
            if (outputOrdinal < 0 || outputOrdinal >= LinearModel.Output.values().length) {
                throw new ModelFormatException("unknown output code " + outputOrdinal);
            }
            int d = dimension(in.getInt());
            int hidden = in.getInt();
            int classes = in.getInt();
            if (hidden < 1 || hidden > MAX_DIMENSION || classes < 2 || classes > MAX_DIMENSION) {
                throw new ModelFormatException("hidden " + hidden + " or classes " + classes + " out of range");
            }
            int iterations = in.getInt();
            long expected = multilayerSize(d, hidden, classes);
            if (bytes.length != expected) {
                throw new ModelFormatException("length " + bytes.length + " does not match a " + d + "→" + hidden
                        + "→" + classes + " network (expected " + expected + ")");
            }
            double[] inputBias = new double[hidden];
            double[] inputWeights = new double[hidden * d];
            double[] outputBias = new double[classes];
            double[] outputWeights = new double[classes * hidden];
            readDoubles(in, inputBias);
            readDoubles(in, inputWeights);
            readDoubles(in, outputBias);
            readDoubles(in, outputWeights);
            try {
                return new MultilayerModel(LinearModel.Output.values()[outputOrdinal], d, hidden, classes, inputBias,
                        inputWeights, outputBias, outputWeights, iterations);
            } catch (IllegalArgumentException e) {
                throw new ModelFormatException("invalid multilayer model: " + e.getMessage());
            }
        } catch (BufferUnderflowException e) {
            throw new ModelFormatException("model bytes are truncated");
        }
    }

    // ---------------------------------------------------------------- warm start (frozen hidden layer + RLS state)

    private static long warmStartSize(long d, long hidden, long outputs) {
        long width = hidden + 1;
        return HEADER + 12 + 16 + 8 * (hidden + hidden * d + outputs * width + width * (width + 1) / 2) + TRAILER;
    }

    public static byte[] encode(WarmStart model) {
        int d = model.dimension();
        int h = model.hidden();
        int width = h + 1;
        double[] weights = model.weightsView();
        long size = warmStartSize(d, h, weights.length / width);
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("warm start too large to encode: " + size + " bytes");
        }
        byte[] bytes = new byte[(int) size];
        ByteBuffer out = ByteBuffer.wrap(bytes);
        header(out, KIND_WARM_START);
        out.putInt(d);
        out.putInt(h);
        out.putInt(model.classes());
        out.putLong(model.examples());
        out.putDouble(model.regu());
        for (double[] values : new double[][] {model.hiddenLayer().biasView(), model.hiddenLayer().weightsView(),
            weights}) {
            for (double v : values) {
                out.putDouble(v);
            }
        }
        double[] p = model.inverseCovarianceView();
        for (int i = 0; i < width; i++) {
            for (int j = i; j < width; j++) {
                out.putDouble(p[i * width + j]);
            }
        }
        trailer(out);
        return bytes;
    }

    public static WarmStart decodeWarmStart(byte[] bytes) {
        ByteBuffer in = checked(bytes, KIND_WARM_START);
        try {
            int d = dimension(in.getInt());
            int hidden = in.getInt();
            int classes = in.getInt();
            if (hidden < 1 || hidden > MAX_DIMENSION || classes < 2 || classes > MAX_DIMENSION) {
                throw new ModelFormatException("hidden " + hidden + " or classes " + classes + " out of range");
            }
            int outputs = classes > 2 ? classes : 1;
            long expected = warmStartSize(d, hidden, outputs);
            if (bytes.length != expected) {
                throw new ModelFormatException("length " + bytes.length + " does not match a warm start " + d + "→"
                        + hidden + "→" + classes + " (expected " + expected + ")");
            }
            long examples = in.getLong();
            double regu = in.getDouble();
            int width = hidden + 1;
            double[] bias = new double[hidden];
            double[] inputWeights = new double[hidden * d];
            double[] weights = new double[outputs * width];
            double[] p = new double[width * width];
            readDoubles(in, bias);
            readDoubles(in, inputWeights);
            readDoubles(in, weights);
            for (int i = 0; i < width; i++) {
                for (int j = i; j < width; j++) {
                    double v = in.getDouble();
                    p[i * width + j] = v;
                    p[j * width + i] = v;
                }
            }
            try {
                return new WarmStart(new HiddenLayer(d, hidden, bias, inputWeights), classes, examples, regu, weights,
                        p);
            } catch (IllegalArgumentException e) {
                throw new ModelFormatException("invalid warm start: " + e.getMessage());
            }
        } catch (BufferUnderflowException e) {
            throw new ModelFormatException("model bytes are truncated");
        }
    }

    /** CRC-32C of whole encoded bytes: a short name for one exact model (a warm start's fingerprint). */
    public static int fingerprint(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length);
        return (int) crc.getValue();
    }

    /** The kind byte of encoded model bytes (after checking magic, version and checksum). */
    public static byte kind(byte[] bytes) {
        return checked(bytes, (byte) 0).get(HEADER - 1);
    }

    // ---------------------------------------------------------------- framing

    private static void header(ByteBuffer out, byte kind) {
        header(out, kind, VERSION);
    }

    private static void header(ByteBuffer out, byte kind, short version) {
        out.putInt(MAGIC);
        out.putShort(version);
        out.put(kind);
    }

    /** The format version of bytes {@link #checked} has accepted. */
    private static short version(byte[] bytes) {
        return ByteBuffer.wrap(bytes).getShort(4);
    }

    private static void trailer(ByteBuffer out) {
        CRC32C crc = new CRC32C();
        crc.update(out.array(), 0, out.position());
        out.putInt((int) crc.getValue());
    }

    /** Checks framing and returns a buffer positioned at the body; kind 0 accepts any kind. */
    private static ByteBuffer checked(byte[] bytes, byte kind) {
        if (bytes == null || bytes.length < HEADER + TRAILER) {
            throw new ModelFormatException("model bytes are truncated: " + (bytes == null ? 0 : bytes.length)
                    + " bytes");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        int magic = in.getInt();
        if (magic != MAGIC) {
            throw new ModelFormatException(String.format("not an erstream model: magic 0x%08X, expected 0x%08X",
                    magic, MAGIC));
        }
        short version = in.getShort();
        if (version < VERSION || version > VERSION_INITIAL) {
            throw new ModelFormatException("unsupported model format version " + version + " (this build reads "
                    + VERSION + " to " + VERSION_INITIAL + ")");
        }
        byte actual = in.get();
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - TRAILER);
        int stored = ByteBuffer.wrap(bytes, bytes.length - TRAILER, TRAILER).getInt();
        if ((int) crc.getValue() != stored) {
            throw new ModelFormatException("model bytes are corrupt or truncated: checksum mismatch");
        }
        if (version > VERSION && actual != KIND_ONLINE) {
            throw new ModelFormatException("model kind " + actual + " has no version " + version);
        }
        if (kind != 0 && actual != kind) {
            throw new ModelFormatException("model kind " + actual + " where kind " + kind + " was expected");
        }
        return in;
    }

    private static int dimension(int d) {
        if (d < 1 || d > MAX_DIMENSION) {
            throw new ModelFormatException("dimension " + d + " out of range [1, " + MAX_DIMENSION + "]");
        }
        return d;
    }

    private static void readDoubles(ByteBuffer in, double[] into) {
        for (int i = 0; i < into.length; i++) {
            into[i] = in.getDouble();
        }
    }
}
