package io.erstream.learn;

import static io.erstream.learn.ModelFrame.HEADER;
import static io.erstream.learn.ModelFrame.KIND_WARM_START;
import static io.erstream.learn.ModelFrame.MAX_DIMENSION;
import static io.erstream.learn.ModelFrame.TRAILER;
import static io.erstream.learn.ModelFrame.readDoubles;
import static io.erstream.learn.ModelFrame.writeDoubles;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * Kind 4, a warm start (what {@code fit --save} writes and {@code erstream.model.warm-start} reads): the frozen
 * hidden layer and the output learner's RLS state, P stored as its upper triangle because it is exactly symmetric.
 * <pre>
 * dimension i32, hidden i32, classes i32, examples i64, regu f64, input bias f64[hidden],
 * input weights f64[hidden·d], output weights f64[outputs·(hidden+1)],
 * P upper triangle f64[(hidden+1)(hidden+2)/2]   (outputs = classes, or 1 for two classes)
 * </pre>
 */
final class WarmStartCodec {

    private WarmStartCodec() {
    }

    private static long size(long d, long hidden, long outputs) {
        long width = hidden + 1;
        return HEADER + 12 + 16 + 8 * (hidden + hidden * d + outputs * width + width * (width + 1) / 2) + TRAILER;
    }

    static byte[] encode(WarmStart model) {
        int d = model.dimension();
        int h = model.hidden();
        int width = h + 1;
        double[] weights = model.weightsView();
        long size = size(d, h, weights.length / width);
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("warm start too large to encode: " + size + " bytes");
        }
        ByteBuffer out = ModelFrame.open((int) size, KIND_WARM_START);
        out.putInt(d);
        out.putInt(h);
        out.putInt(model.classes());
        out.putLong(model.examples());
        out.putDouble(model.regu());
        writeDoubles(out, model.hiddenLayer().biasView(), model.hiddenLayer().weightsView(), weights);
        double[] p = model.inverseCovarianceView();
        for (int i = 0; i < width; i++) {
            for (int j = i; j < width; j++) {
                out.putDouble(p[i * width + j]);
            }
        }
        return ModelFrame.seal(out);
    }

    static WarmStart decode(byte[] bytes) {
        ByteBuffer in = ModelFrame.checked(bytes, KIND_WARM_START);
        try {
            int d = ModelFrame.dimension(in.getInt());
            int hidden = in.getInt();
            int classes = in.getInt();
            if (hidden < 1 || hidden > MAX_DIMENSION || classes < 2 || classes > MAX_DIMENSION) {
                throw new ModelFormatException("hidden " + hidden + " or classes " + classes + " out of range");
            }
            int outputs = classes > 2 ? classes : 1;
            long expected = size(d, hidden, outputs);
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
}
