package io.erstream.learn;

import static io.erstream.learn.ModelFrame.KIND_ONLINE;
import static io.erstream.learn.ModelFrame.VERSION;
import static io.erstream.learn.ModelFrame.VERSION_DIAGONAL;
import static io.erstream.learn.ModelFrame.VERSION_INITIAL;
import static io.erstream.learn.ModelFrame.readDoubles;
import static io.erstream.learn.ModelFrame.writeDoubles;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * Kind 1, an online ER model: its spec, counters, weights, inverse covariance, standardiser and adaptive-memory
 * state, everything {@link OnlineReflection#learnOne} reads, so a decoded model continues exactly as the encoded one
 * would have. Only a diagonal-covariance model is written as version 2 (the flag that version adds), so a
 * full-covariance model's bytes stay version 1 and readers of version 1 keep reading them.
 *
 * <pre>
 * task u8, classes i32, forgetting f64, tmax f64, regu f64, flags u8, dimension i32,
 * examples i64, updates i64, refused i64, weights f64[outputs·(d+1)],
 * P upper triangle f64[(d+1)(d+2)/2], standardiser count i64, mean f64[d], m2 f64[d],
 * base mean f64[d], base scale f64[d], residual bias f64[outputs·(d+1)],
 * residual power f64, last forgetting f64
 * flags: 1 standardise, 2 reflect, 4 adaptive, 8 diagonal covariance (version 2 only:
 * then P is its diagonal f64[d+1] in place of the upper triangle)
 * </pre>
 *
 * <p>Version 3 is a model that has learnt nothing ({@link OnlineReflection#isInitial}), written as its parameters
 * alone: the first line above, 45 bytes whatever the dimension. Such a model is fully determined by them (zero
 * weights, the prior covariance, an empty standardiser), and a store with a million keys, most of them seen once,
 * writes one for every new key: the full form would spend (d+1)(d+2)/2 doubles on a prior anyone can rebuild.
 */
final class OnlineCodec {

    private static final int FLAG_DIAGONAL = 8;
    /** The size of a version-3 (initial) value. */
    static final int INITIAL_BYTES = ModelFrame.HEADER + 1 + 4 + 8 * 3 + 1 + 4 + ModelFrame.TRAILER;

    private OnlineCodec() {
    }

    static int encodedSize(OnlineReflection model) {
        return (int) encodedSize(model.outputs(), model.dimension(), model.spec().covariance());
    }

    private static long encodedSize(int outputs, long d, CovarianceKind covariance) {
        long width = d + 1;
        long stored = covariance == CovarianceKind.FULL ? width * (width + 1) / 2 : width;
        long body = 1 + 4 + 8 * 3 + 1 + 4 + 8 * 3
                + 8 * (outputs * width + stored)
                + 8 + 32 * d + 8 * outputs * width + 16;
        return ModelFrame.HEADER + body + ModelFrame.TRAILER;
    }

    static byte[] encode(OnlineReflection model) {
        LearnerSpec spec = model.spec();
        boolean diagonal = spec.covariance() == CovarianceKind.DIAGONAL;
        ByteBuffer out = ModelFrame.open(encodedSize(model), KIND_ONLINE, diagonal ? VERSION_DIAGONAL : VERSION);
        writeParameters(out, spec, model.dimension());
        out.putLong(model.examples());
        out.putLong(model.updates());
        out.putLong(model.refused());
        writeDoubles(out, model.weightsView());
        model.covariance().store(out::putDouble);
        Standardizer s = model.standardizer();
        out.putLong(s.count());
        writeDoubles(out, s.meanView(), s.m2View(), s.baseMeanView(), s.baseScaleView(), model.residualBiasView());
        out.putDouble(model.residualPower());
        out.putDouble(model.forgetting());
        return ModelFrame.seal(out);
    }

    /** Version 3: the parameters of a model that is {@link OnlineReflection#isInitial initial}. */
    static byte[] encodeInitial(OnlineReflection model) {
        if (!model.isInitial()) {
            throw new IllegalArgumentException("only a model in its initial state has an initial form; this one "
                    + "was offered " + model.examples() + " examples or started from other weights");
        }
        ByteBuffer out = ModelFrame.open(INITIAL_BYTES, KIND_ONLINE, VERSION_INITIAL);
        writeParameters(out, model.spec(), model.dimension());
        return ModelFrame.seal(out);
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

    static OnlineReflection decode(byte[] bytes) {
        ByteBuffer in = ModelFrame.checked(bytes, KIND_ONLINE);
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
            short version = ModelFrame.version(bytes);
            boolean initial = version == VERSION_INITIAL;
            if (!initial && diagonal != (version == VERSION_DIAGONAL)) {
                throw new ModelFormatException("the diagonal covariance flag is " + (diagonal ? "set" : "clear")
                        + " in a version " + version + " model");
            }
            LearnerSpec spec;
            try {
                spec = new LearnerSpec(task, classes, forgetting, tmax, regu, (flags & 1) != 0, (flags & 2) != 0,
                        (flags & 4) != 0, diagonal ? CovarianceKind.DIAGONAL : CovarianceKind.FULL);
            } catch (IllegalArgumentException e) {
                throw new ModelFormatException("invalid learner parameters: " + e.getMessage());
            }
            int d = ModelFrame.dimension(in.getInt());
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
}
