package io.erstream.learn;

/**
 * A fitted linear ER model: local fields {@code h_k = b_k + w_k·x}. How fields become predictions depends on
 * the {@link Output}: independent logistic units (binary, one-vs-rest), a softmax, or the identity.
 */
public final class LinearModel {

    /** How local fields map to predictions. */
    public enum Output {
        /** One logistic unit: P(class 1) = σ(h). */
        BINARY,
        /** One logistic unit per class, σ(h_k) normalised to sum 1. */
        ONE_VS_REST,
        /** softmax(h). */
        SOFTMAX,
        /** The field is the prediction. */
        IDENTITY
    }

    private final Output output;
    private final int dimension;
    private final int units;
    private final double[] bias;
    private final double[] weights;
    private final int iterations;

    /**
     * @param weights row-major, units × dimension
     */
    public LinearModel(Output output, int dimension, double[] bias, double[] weights, int iterations) {
        if (weights.length != bias.length * dimension) {
            throw new IllegalArgumentException("weights must be units × dimension");
        }
        this.output = output;
        this.dimension = dimension;
        this.units = bias.length;
        this.bias = bias.clone();
        this.weights = weights.clone();
        this.iterations = iterations;
    }

    public Output output() {
        return output;
    }

    public int dimension() {
        return dimension;
    }

    /** Number of classes, or 1 for regression. */
    public int classes() {
        return output == Output.BINARY ? 2 : units;
    }

    /** ER iterations the fit ran (the largest over one-vs-rest units). */
    public int iterations() {
        return iterations;
    }

    public double[] bias() {
        return bias.clone();
    }

    public double[] weights() {
        return weights.clone();
    }

    /** Local fields into {@code out} (length = units). */
    public void fields(double[] x, double[] out) {
        for (int k = 0; k < units; k++) {
            double h = bias[k];
            int row = k * dimension;
            for (int j = 0; j < dimension; j++) {
                h += weights[row + j] * x[j];
            }
            out[k] = h;
        }
    }

    /** Class probabilities into {@code out} (length = classes); {@code scratch} has length = units. */
    public void predictProba(double[] x, double[] out, double[] scratch) {
        fields(x, scratch);
        probabilities(output, scratch, out);
    }

    /** The most probable class (ties to the lowest index), or the sign of the field for binary. */
    public int predictClass(double[] x, double[] scratch) {
        fields(x, scratch);
        if (output == Output.BINARY) {
            return scratch[0] > 0 ? 1 : 0;
        }
        return Argmax.of(scratch, 0, units);
    }

    /** The regression prediction. */
    public double predictValue(double[] x) {
        double h = bias[0];
        for (int j = 0; j < dimension; j++) {
            h += weights[j] * x[j];
        }
        return h;
    }

    static void probabilities(Output output, double[] h, double[] out) {
        switch (output) {
            case BINARY -> {
                double p = Reflection.sigmoid(h[0]);
                out[0] = 1 - p;
                out[1] = p;
            }
            case ONE_VS_REST -> {
                double sum = 0;
                for (int k = 0; k < out.length; k++) {
                    out[k] = Reflection.sigmoid(h[k]);
                    sum += out[k];
                }
                for (int k = 0; k < out.length; k++) {
                    out[k] /= sum;
                }
            }
            case SOFTMAX -> Reflection.softmax(h, 0, out.length, out);
            case IDENTITY -> throw new IllegalStateException("a regression model has no class probabilities");
        }
    }
}
