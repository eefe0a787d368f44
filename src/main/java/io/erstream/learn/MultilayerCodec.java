package io.erstream.learn;

import static io.erstream.learn.ModelFrame.HEADER;
import static io.erstream.learn.ModelFrame.KIND_MULTILAYER;
import static io.erstream.learn.ModelFrame.MAX_DIMENSION;
import static io.erstream.learn.ModelFrame.TRAILER;
import static io.erstream.learn.ModelFrame.readDoubles;
import static io.erstream.learn.ModelFrame.writeDoubles;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * Kind 3, a fitted one-hidden-layer network (what {@code fit --model mlp} writes):
 * {@code output u8, dimension i32, hidden i32, classes i32, iterations i32, input bias f64[hidden],
 * input weights f64[hidden·d], output bias f64[classes], output weights f64[classes·hidden]}.
 */
final class MultilayerCodec {

    private MultilayerCodec() {
    }

    private static long size(long d, long hidden, long classes) {
        return HEADER + 1 + 16 + 8 * (hidden + hidden * d + classes + classes * hidden) + TRAILER;
    }

    static byte[] encode(MultilayerModel model) {
        long size = size(model.dimension(), model.hidden(), model.classes());
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("model too large to encode: " + size + " bytes");
        }
        ByteBuffer out = ModelFrame.open((int) size, KIND_MULTILAYER);
        out.put((byte) model.output().ordinal());
        out.putInt(model.dimension());
        out.putInt(model.hidden());
        out.putInt(model.classes());
        out.putInt(model.iterations());
        writeDoubles(out, model.inputBias(), model.inputWeights(), model.outputBias(), model.outputWeights());
        return ModelFrame.seal(out);
    }

    static MultilayerModel decode(byte[] bytes) {
        ByteBuffer in = ModelFrame.checked(bytes, KIND_MULTILAYER);
        try {
            LinearModel.Output output = LinearCodec.output(in.get());
            int d = ModelFrame.dimension(in.getInt());
            int hidden = in.getInt();
            int classes = in.getInt();
            if (hidden < 1 || hidden > MAX_DIMENSION || classes < 2 || classes > MAX_DIMENSION) {
                throw new ModelFormatException("hidden " + hidden + " or classes " + classes + " out of range");
            }
            int iterations = in.getInt();
            long expected = size(d, hidden, classes);
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
                return new MultilayerModel(output, d, hidden, classes, inputBias, inputWeights, outputBias,
                        outputWeights, iterations);
            } catch (IllegalArgumentException e) {
                throw new ModelFormatException("invalid multilayer model: " + e.getMessage());
            }
        } catch (BufferUnderflowException e) {
            throw new ModelFormatException("model bytes are truncated");
        }
    }
}
