package io.erstream.learn;

/**
 * A frozen first layer {@code x → a = tanh(W₁x + b₁)}: the part of a trained multilayer model that a warm start
 * keeps fixed while online ER adapts the output layer on top of it. Immutable, so one instance is shared by every
 * model key that starts from the same warm start (784 × H doubles once, not per key).
 *
 * <p>{@link #activate} writes into a caller-owned array and allocates nothing. {@link MultilayerModel#fields} runs
 * its first layer through it, so a warm start's activations are the batch model's, bit for bit.
 */
public final class HiddenLayer {

    private final int dimension;
    private final int hidden;
    private final double[] bias;
    private final double[] weights; // hidden × dimension, row-major

    public HiddenLayer(int dimension, int hidden, double[] bias, double[] weights) {
        if (dimension < 1 || hidden < 1) {
            throw new IllegalArgumentException("dimension and hidden must be at least 1, got " + dimension + ", "
                    + hidden);
        }
        if (bias.length != hidden || weights.length != (long) hidden * dimension) {
            throw new IllegalArgumentException("hidden layer shapes do not match " + dimension + " → " + hidden);
        }
        this.dimension = dimension;
        this.hidden = hidden;
        this.bias = bias.clone();
        this.weights = weights.clone();
    }

    /** The first layer of a trained network. */
    public static HiddenLayer of(MultilayerModel model) {
        return model.hiddenLayer();
    }

    /** Inputs it reads. */
    public int dimension() {
        return dimension;
    }

    /** Activations it writes. */
    public int hidden() {
        return hidden;
    }

    /** {@code out[u] = tanh(b_u + W_u · x)}; {@code x} has {@link #dimension()} values, {@code out} {@link #hidden()}. */
    public void activate(double[] x, double[] out) {
        if (x.length != dimension || out.length != hidden) {
            throw new IllegalArgumentException("expected " + dimension + " inputs and " + hidden + " outputs, got "
                    + x.length + " and " + out.length);
        }
        for (int u = 0; u < hidden; u++) {
            double z = bias[u];
            int row = u * dimension;
            for (int j = 0; j < dimension; j++) {
                z += weights[row + j] * x[j];
            }
            out[u] = StrictMath.tanh(z); // the same bits on every host: docs/exactness.md
        }
    }

    /** A copy of b₁. */
    public double[] bias() {
        return bias.clone();
    }

    /** A copy of W₁ (hidden × dimension, row-major). */
    public double[] weights() {
        return weights.clone();
    }

    double[] biasView() {
        return bias;
    }

    double[] weightsView() {
        return weights;
    }
}
