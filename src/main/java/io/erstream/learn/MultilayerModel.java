package io.erstream.learn;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_MT_DDRM;

/**
 * A fitted one-hidden-layer network {@code x → tanh(W₁x + b₁) → h = W₂a + b₂}, whose output fields are read
 * as {@link LinearModel.Output#ONE_VS_REST} (σ(h_k) normalised) or {@link LinearModel.Output#SOFTMAX}; either
 * way the predicted class is the argmax of the fields. Immutable; arrays are copied in and out.
 *
 * <p>Storage: {@code inputWeights} is hidden × dimension row-major (a {@link LinearModel}-shaped first layer),
 * {@code outputWeights} is classes × hidden row-major.
 */
public final class MultilayerModel {

    private final LinearModel.Output output;
    private final int dimension;
    private final int hidden;
    private final int classes;
    private final HiddenLayer first; // W₁, b₁: one forward pass for this class and for warm starts
    private final double[] outputBias;
    private final double[] outputWeights;
    private final int iterations;

    public MultilayerModel(LinearModel.Output output, int dimension, int hidden, int classes, double[] inputBias,
                           double[] inputWeights, double[] outputBias, double[] outputWeights, int iterations) {
        if (output != LinearModel.Output.ONE_VS_REST && output != LinearModel.Output.SOFTMAX) {
            throw new IllegalArgumentException("a multilayer model reads its fields one-vs-rest or softmax, not "
                    + output);
        }
        if (dimension < 1 || hidden < 1 || classes < 2) {
            throw new IllegalArgumentException("dimension, hidden must be ≥ 1 and classes ≥ 2");
        }
        if (inputBias.length != hidden || inputWeights.length != (long) hidden * dimension
                || outputBias.length != classes || outputWeights.length != (long) classes * hidden) {
            throw new IllegalArgumentException("weight shapes do not match " + dimension + "→" + hidden + "→"
                    + classes);
        }
        this.output = output;
        this.dimension = dimension;
        this.hidden = hidden;
        this.classes = classes;
        this.first = new HiddenLayer(dimension, hidden, inputBias, inputWeights);
        this.outputBias = outputBias.clone();
        this.outputWeights = outputWeights.clone();
        this.iterations = iterations;
    }

    public LinearModel.Output output() {
        return output;
    }

    public int dimension() {
        return dimension;
    }

    public int hidden() {
        return hidden;
    }

    public int classes() {
        return classes;
    }

    public int iterations() {
        return iterations;
    }

    public double[] inputBias() {
        return first.bias();
    }

    /** hidden × dimension, row-major. */
    public double[] inputWeights() {
        return first.weights();
    }

    public double[] outputBias() {
        return outputBias.clone();
    }

    /** classes × hidden, row-major. */
    public double[] outputWeights() {
        return outputWeights.clone();
    }

    /** The first layer, shared (immutable): what a warm start keeps frozen. */
    public HiddenLayer hiddenLayer() {
        return first;
    }

    /** The first layer as a linear model (identity output), e.g. to unfold a standardisation into it. */
    public LinearModel inputLayer() {
        return new LinearModel(LinearModel.Output.IDENTITY, dimension, first.biasView(), first.weightsView(),
                iterations);
    }

    /** This network with its first layer replaced (same shape). */
    public MultilayerModel withInputLayer(LinearModel layer) {
        return new MultilayerModel(output, dimension, hidden, classes, layer.bias(), layer.weights(), outputBias,
                outputWeights, iterations);
    }

    /** Output fields of one example into {@code out} (classes); {@code scratch} has length hidden. */
    public void fields(double[] x, double[] scratch, double[] out) {
        first.activate(x, scratch);
        for (int k = 0; k < classes; k++) {
            double h = outputBias[k];
            int row = k * hidden;
            for (int u = 0; u < hidden; u++) {
                h += outputWeights[row + u] * scratch[u];
            }
            out[k] = h;
        }
    }

    public int predictClass(double[] x) {
        double[] h = new double[classes];
        fields(x, new double[hidden], h);
        return Argmax.of(h, 0, classes);
    }

    /** Predicted classes of many rows at once, with the matrix products on both cores. */
    public int[] predictClasses(double[][] x) {
        int n = x.length;
        int[] predicted = new int[n];
        int block = 4096;
        DMatrixRMaj w1 = DMatrixRMaj.wrap(hidden, dimension, first.weightsView());
        double[] inputBias = first.biasView();
        DMatrixRMaj w2 = DMatrixRMaj.wrap(classes, hidden, outputWeights);
        for (int start = 0; start < n; start += block) {
            int rows = Math.min(block, n - start);
            DMatrixRMaj xb = new DMatrixRMaj(rows, dimension);
            for (int i = 0; i < rows; i++) {
                System.arraycopy(x[start + i], 0, xb.data, i * dimension, dimension);
            }
            DMatrixRMaj a = new DMatrixRMaj(rows, hidden);
            CommonOps_MT_DDRM.multTransB(xb, w1, a);
            for (int i = 0; i < rows; i++) {
                for (int u = 0; u < hidden; u++) {
                    int at = i * hidden + u;
                    a.data[at] = Math.tanh(a.data[at] + inputBias[u]);
                }
            }
            DMatrixRMaj h = new DMatrixRMaj(rows, classes);
            CommonOps_MT_DDRM.multTransB(a, w2, h);
            for (int i = 0; i < rows; i++) {
                for (int k = 0; k < classes; k++) {
                    h.data[i * classes + k] += outputBias[k];
                }
                predicted[start + i] = Argmax.of(h.data, i * classes, classes);
            }
        }
        return predicted;
    }

    public double accuracy(double[][] x, int[] labels) {
        int[] predicted = predictClasses(x);
        long correct = 0;
        for (int i = 0; i < labels.length; i++) {
            if (predicted[i] == labels[i]) {
                correct++;
            }
        }
        return correct / (double) labels.length;
    }
}
