package io.erstream.eval;

import io.erstream.learn.LinearModel;

/**
 * Batch standardisation fitted on a training set: the ridge penalty of batch ER treats all features alike, so
 * they should share a scale. Constant features keep scale 1. {@link #unfold} turns a model fitted on
 * standardised inputs into one that takes raw inputs, so a saved model needs no preprocessing step.
 */
public final class Standardization {

    private final double[] mean;
    private final double[] scale;

    private Standardization(double[] mean, double[] scale) {
        this.mean = mean;
        this.scale = scale;
    }

    /** Mean and 1/sd of each column of {@code x}. */
    public static Standardization fit(double[][] x) {
        int d = x[0].length;
        double[] mean = new double[d];
        double[] m2 = new double[d];
        long n = 0;
        for (double[] row : x) {
            n++;
            for (int j = 0; j < d; j++) {
                double delta = row[j] - mean[j];
                mean[j] += delta / n;
                m2[j] += delta * (row[j] - mean[j]);
            }
        }
        double[] scale = new double[d];
        for (int j = 0; j < d; j++) {
            double var = m2[j] / n;
            scale[j] = var > 0 ? 1.0 / Math.sqrt(var) : 1.0;
        }
        return new Standardization(mean, scale);
    }

    /** A standardised copy of {@code x}. */
    public double[][] apply(double[][] x) {
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            double[] row = new double[mean.length];
            for (int j = 0; j < mean.length; j++) {
                row[j] = (x[i][j] - mean[j]) * scale[j];
            }
            out[i] = row;
        }
        return out;
    }

    /** The same model on raw inputs: w' = w·s, b' = b − Σ w·s·μ. */
    public LinearModel unfold(LinearModel model) {
        int d = model.dimension();
        double[] bias = model.bias();
        double[] weights = model.weights();
        for (int k = 0; k < bias.length; k++) {
            for (int j = 0; j < d; j++) {
                weights[k * d + j] *= scale[j];
                bias[k] -= weights[k * d + j] * mean[j];
            }
        }
        return new LinearModel(model.output(), d, bias, weights, model.iterations());
    }
}
