package io.erstream.learn.research;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_MT_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * The least-squares half of batch ER (docs/method.md §2): {@code w = (C + regu·I)⁻¹ Cov(x, t)}, {@code b = mean(t) −
 * mean(x)·w}, with {@code C = Cov(x, x)} (population covariance). The bias is not penalised: it is removed by
 * centring. Batch ER solves it on the inputs; multilayer ER solves it on the inputs for the first layer and on the
 * hidden activity for the output layer.
 *
 * <p>The covariance is factorised once (Cholesky, both cores for the product) and reused for every target
 * and every ER iteration, so an iteration costs one n×d×K product and a triangular solve.
 */
public final class CentredRidge {

    private final DMatrixRMaj centred;
    private final double[] mean;
    private final LinearSolverDense<DMatrixRMaj> solver;

    /** Factorises the covariance of {@code x} (rows are examples); {@code x} is copied. */
    public CentredRidge(double[][] x, double regu) {
        this(matrix(x), regu);
    }

    /**
     * Factorises the covariance of {@code x} (rows are examples), centring {@code x} in place: a matrix that is
     * already there (the hidden activity) is not copied again, and belongs to this ridge from then on.
     */
    CentredRidge(DMatrixRMaj x, double regu) {
        int rows = x.numRows;
        int dimension = x.numCols;
        this.mean = columnMeans(x);
        double[] data = x.data;
        for (int i = 0; i < rows; i++) {
            int offset = i * dimension;
            for (int j = 0; j < dimension; j++) {
                data[offset + j] -= mean[j];
            }
        }
        this.centred = x;
        DMatrixRMaj covariance = new DMatrixRMaj(dimension, dimension);
        CommonOps_MT_DDRM.multInner(centred, covariance);
        CommonOps_DDRM.scale(1.0 / rows, covariance);
        for (int j = 0; j < dimension; j++) {
            covariance.add(j, j, regu);
        }
        this.solver = LinearSolverFactory_DDRM.chol(dimension);
        if (!solver.setA(covariance)) {
            throw new IllegalStateException("covariance + regu·I is not positive definite (regu " + regu + ")");
        }
    }

    private static DMatrixRMaj matrix(double[][] x) {
        if (x.length == 0) {
            throw new IllegalArgumentException("no examples to fit");
        }
        int dimension = x[0].length;
        DMatrixRMaj matrix = new DMatrixRMaj(x.length, dimension);
        for (int i = 0; i < x.length; i++) {
            System.arraycopy(x[i], 0, matrix.data, i * dimension, dimension);
        }
        return matrix;
    }

    /** The mean of each column of {@code m} over its rows, summed row by row. */
    private static double[] columnMeans(DMatrixRMaj m) {
        int rows = m.numRows;
        int columns = m.numCols;
        double[] mean = new double[columns];
        double[] data = m.data;
        for (int i = 0; i < rows; i++) {
            int offset = i * columns;
            for (int j = 0; j < columns; j++) {
                mean[j] += data[offset + j];
            }
        }
        for (int j = 0; j < columns; j++) {
            mean[j] /= rows;
        }
        return mean;
    }

    public int rows() {
        return centred.numRows;
    }

    public int dimension() {
        return mean.length;
    }

    /**
     * Local fields of every training row for every column of {@code weights} (d × K): {@code out = X W + 1 bᵀ},
     * computed as {@code Xc W + 1 (b + x̄ W)ᵀ} on both cores. Caller owns {@code out} (rows × K).
     */
    public void fields(DMatrixRMaj weights, double[] bias, DMatrixRMaj out) {
        int k = weights.numCols;
        CommonOps_MT_DDRM.mult(centred, weights, out);
        double[] offset = new double[k];
        for (int c = 0; c < k; c++) {
            double o = bias[c];
            for (int j = 0; j < mean.length; j++) {
                o += mean[j] * weights.get(j, c);
            }
            offset[c] = o;
        }
        double[] data = out.data;
        for (int i = 0; i < centred.numRows; i++) {
            int row = i * k;
            for (int c = 0; c < k; c++) {
                data[row + c] += offset[c];
            }
        }
    }

    /**
     * Solves for every column of {@code targets} (rows × K) at once: weights into {@code weightsOut}
     * (dimension × K), biases into {@code biasOut} (K). Caller owns the outputs.
     */
    public void solve(DMatrixRMaj targets, DMatrixRMaj weightsOut, double[] biasOut) {
        int rows = centred.numRows;
        int k = targets.numCols;
        double[] targetMean = columnMeans(targets);
        // Cov(x, t) = Xcᵀ t / n: centring t is unnecessary because the columns of Xc sum to zero.
        DMatrixRMaj crossCovariance = new DMatrixRMaj(mean.length, k);
        CommonOps_MT_DDRM.multTransA(centred, targets, crossCovariance);
        CommonOps_DDRM.scale(1.0 / rows, crossCovariance);
        solver.solve(crossCovariance, weightsOut);
        for (int c = 0; c < k; c++) {
            double b = targetMean[c];
            for (int j = 0; j < mean.length; j++) {
                b -= mean[j] * weightsOut.get(j, c);
            }
            biasOut[c] = b;
        }
    }

    /**
     * Standard deviation over the training rows of each column of {@code X W} (d × K): the spread of each hidden
     * unit's pre-activation, which multilayer ER rescales its initial first layer by.
     */
    double[] columnDeviation(DMatrixRMaj weights) {
        DMatrixRMaj product = new DMatrixRMaj(centred.numRows, weights.numCols);
        CommonOps_MT_DDRM.mult(centred, weights, product);
        int k = weights.numCols;
        double[] sd = new double[k];
        for (int i = 0; i < product.numRows; i++) {
            for (int c = 0; c < k; c++) {
                double v = product.data[i * k + c];
                sd[c] += v * v;
            }
        }
        for (int c = 0; c < k; c++) {
            sd[c] = Math.sqrt(sd[c] / product.numRows);
        }
        return sd;
    }
}
