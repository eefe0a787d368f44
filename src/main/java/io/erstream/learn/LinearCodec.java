package io.erstream.learn;

import static io.erstream.learn.ModelFrame.HEADER;
import static io.erstream.learn.ModelFrame.KIND_LINEAR;
import static io.erstream.learn.ModelFrame.MAX_DIMENSION;
import static io.erstream.learn.ModelFrame.TRAILER;
import static io.erstream.learn.ModelFrame.readDoubles;
import static io.erstream.learn.ModelFrame.writeDoubles;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * Kind 2, a fitted linear model (what {@code fit} writes for batch ER):
 * {@code output u8, dimension i32, units i32, iterations i32, bias f64[units], weights f64[units·d]}.
 */
final class LinearCodec {

    private LinearCodec() {
    }

    private static long size(long d, long units) {
        return HEADER + 1 + 12 + 8L * (units + units * d) + TRAILER;
    }

    static byte[] encode(LinearModel model) {
        double[] bias = model.bias();
        double[] weights = model.weights();
        ByteBuffer out = ModelFrame.open((int) size(model.dimension(), bias.length), KIND_LINEAR);
        out.put((byte) model.output().ordinal());
        out.putInt(model.dimension());
        out.putInt(bias.length);
        out.putInt(model.iterations());
        writeDoubles(out, bias, weights);
        return ModelFrame.seal(out);
    }

    static LinearModel decode(byte[] bytes) {
        ByteBuffer in = ModelFrame.checked(bytes, KIND_LINEAR);
        try {
            LinearModel.Output output = output(in.get());
            int d = ModelFrame.dimension(in.getInt());
            int units = in.getInt();
            if (units < 1 || units > MAX_DIMENSION) {
                throw new ModelFormatException("unit count " + units + " out of range");
            }
            int iterations = in.getInt();
            long expected = size(d, units);
            if (bytes.length != expected) {
                throw new ModelFormatException("length " + bytes.length + " does not match " + units + "×" + d
                        + " weights (expected " + expected + ")");
            }
            double[] bias = new double[units];
            double[] weights = new double[units * d];
            readDoubles(in, bias);
            readDoubles(in, weights);
            return new LinearModel(output, d, bias, weights, iterations);
        } catch (BufferUnderflowException e) {
            throw new ModelFormatException("model bytes are truncated");
        }
    }

    /** The output form stored as its ordinal, by linear and multilayer models alike. */
    static LinearModel.Output output(int code) {
        if (code < 0 || code >= LinearModel.Output.values().length) {
            throw new ModelFormatException("unknown output code " + code);
        }
        return LinearModel.Output.values()[code];
    }
}
