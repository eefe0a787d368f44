package io.erstream.learn;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * A trained multilayer model made ready for online ER: its frozen {@link HiddenLayer}, and the recursive least
 * squares state of an output learner over the H activations that has already seen the training set. Every model
 * key warm-started from it gets its own copy of that output learner ({@link #learner}) behind the one shared
 * hidden layer, and online ER then adapts only the output layer.
 *
 * <p><b>Weights.</b> The output learner's fields are the batch model's output fields, bias first: for K &gt; 2
 * classes row k is {@code (b₂ₖ, W₂ₖ)}; for two classes online ER has one output, so its row is the difference
 * {@code (b₂₁ − b₂₀, W₂₁ − W₂₀)}. Online ER predicts the argmax of σ(h_k) (binary: class 1 iff h &gt; 0), and σ is
 * increasing, so the first prediction of a warm-started model is the batch model's class whether the network was
 * read one-vs-rest or softmax (for K &gt; 2 the fields are even bit-identical). Its probabilities are online ER's
 * one-vs-rest ones, not the softmax's; the online updates reflect each field one-vs-rest from then on.
 *
 * <p><b>Inverse covariance.</b> {@code P = (ZᵀZ + ρI)⁻¹} with the rows {@code z = (1, a)} of the training
 * activations: exactly what RLS with λ = 1 and prior I/ρ holds after seeing the training set, so the prior on the
 * output weights is as strong as the data it was fitted on, and one new example moves them as little as one more
 * training example would. Forgetting (adaptive memory) and the drift policy reopen it when the stream changes.
 *
 * <p>Immutable; {@link #fingerprint()} is the CRC-32C of its codec bytes, which snapshots of warm-started keys
 * record instead of embedding the hidden layer.
 */
public final class WarmStart {

    private final HiddenLayer hidden;
    private final int classes;
    private final long examples;
    private final double regu;
    private final double[] weights; // outputs × (1 + hidden)
    private final double[] inverseCovariance; // (1 + hidden)², exactly symmetric
    private final int fingerprint;

    public WarmStart(HiddenLayer hidden, int classes, long examples, double regu, double[] weights,
                     double[] inverseCovariance) {
        if (classes < 2) {
            throw new IllegalArgumentException("a warm start classifies: classes must be at least 2, got " + classes);
        }
        int width = hidden.hidden() + 1;
        if (weights.length != (long) outputs(classes) * width || inverseCovariance.length != (long) width * width) {
            throw new IllegalArgumentException("output learner shapes do not match " + hidden.hidden()
                    + " hidden units and " + classes + " classes");
        }
        if (!(regu > 0) || Double.isInfinite(regu) || examples < 0) {
            throw new IllegalArgumentException("regu must be positive and examples ≥ 0, got " + regu + ", "
                    + examples);
        }
        this.hidden = hidden;
        this.classes = classes;
        this.examples = examples;
        this.regu = regu;
        this.weights = weights.clone();
        this.inverseCovariance = inverseCovariance.clone();
        this.fingerprint = ModelCodec.fingerprint(ModelCodec.encode(this));
    }

    /**
     * The warm start of {@code model} (raw-input weights) fitted on {@code x} (the raw training inputs it was
     * trained on), with the ridge {@code regu} as the prior P₀ = I/regu behind the training data.
     */
    public static WarmStart of(MultilayerModel model, double[][] x, double regu) {
        if (model.output() != LinearModel.Output.ONE_VS_REST) {
            throw new IllegalArgumentException("a warm start needs a one-vs-rest output layer (online ER adapts"
                    + " one-vs-rest fields), but the model's output is " + model.output());
        }
        HiddenLayer layer = HiddenLayer.of(model);
        int h = model.hidden();
        int width = h + 1;
        int classes = model.classes();
        double[] outputBias = model.outputBias();
        double[] outputWeights = model.outputWeights();
        double[] weights = new double[outputs(classes) * width];
        if (classes == 2) {
            weights[0] = outputBias[1] - outputBias[0];
            for (int u = 0; u < h; u++) {
                weights[1 + u] = outputWeights[h + u] - outputWeights[u];
            }
        } else {
            for (int k = 0; k < classes; k++) {
                weights[k * width] = outputBias[k];
                System.arraycopy(outputWeights, k * h, weights, k * width + 1, h);
            }
        }
        return new WarmStart(layer, classes, x.length, regu, weights, trainingInverseCovariance(layer, x, regu));
    }

    /** (ZᵀZ + ρI)⁻¹ over the training activations, accumulated in blocks of rows, made exactly symmetric. */
    private static double[] trainingInverseCovariance(HiddenLayer layer, double[][] x, double regu) {
        int width = layer.hidden() + 1;
        int block = 2048;
        DMatrixRMaj gram = new DMatrixRMaj(width, width);
        DMatrixRMaj z = new DMatrixRMaj(block, width);
        double[] a = new double[layer.hidden()];
        for (int start = 0; start < x.length; start += block) {
            int rows = Math.min(block, x.length - start);
            if (rows != z.numRows) {
                z = new DMatrixRMaj(rows, width);
            }
            for (int i = 0; i < rows; i++) {
                layer.activate(x[start + i], a);
                z.data[i * width] = 1.0;
                System.arraycopy(a, 0, z.data, i * width + 1, a.length);
            }
            CommonOps_DDRM.multAddTransA(z, z, gram);
        }
        for (int i = 0; i < width; i++) {
            gram.add(i, i, regu);
        }
        DMatrixRMaj inverse = new DMatrixRMaj(width, width);
        if (!CommonOps_DDRM.invertSPD(gram, inverse)) {
            throw new IllegalArgumentException("the training activations' covariance is not positive definite");
        }
        double[] p = inverse.data;
        for (int i = 0; i < width; i++) {
            for (int j = i + 1; j < width; j++) {
                p[j * width + i] = p[i * width + j];
            }
        }
        return p;
    }

    private static int outputs(int classes) {
        return classes > 2 ? classes : 1;
    }

    /**
     * A new output learner at the warm start's state, learning online by {@code spec} (its forgetting, t_max,
     * adaptive memory, prior and covariance: a diagonal one keeps the diagonal of the trained P). Inputs are the
     * activations, not standardised: the weights are in their units.
     *
     * @throws IllegalArgumentException if {@code spec} is not a classifier of {@link #classes()} classes
     */
    public OnlineReflection learner(LearnerSpec spec) {
        if (spec.task() != Task.CLASSIFICATION || spec.classes() != classes) {
            throw new IllegalArgumentException("the warm start classifies " + classes + " classes; the learner spec "
                    + (spec.task() == Task.CLASSIFICATION ? "has " + spec.classes() + " classes" : "is a regressor"));
        }
        OnlineReflection learner = new OnlineReflection(spec.withStandardize(false), hidden.hidden());
        System.arraycopy(weights, 0, learner.weightsView(), 0, weights.length);
        learner.covariance().assign(inverseCovariance);
        return learner;
    }

    public HiddenLayer hiddenLayer() {
        return hidden;
    }

    /** Input features (d). */
    public int dimension() {
        return hidden.dimension();
    }

    /** Hidden units (H): the output learner's input dimension. */
    public int hidden() {
        return hidden.hidden();
    }

    public int classes() {
        return classes;
    }

    /** Training rows behind {@link #inverseCovariance()}. */
    public long examples() {
        return examples;
    }

    /** The prior ridge ρ behind the training data. */
    public double regu() {
        return regu;
    }

    /** Output weights, outputs × (1 + hidden), bias first. A copy. */
    public double[] weights() {
        return weights.clone();
    }

    /** (1 + hidden)², row-major. A copy. */
    public double[] inverseCovariance() {
        return inverseCovariance.clone();
    }

    double[] weightsView() {
        return weights;
    }

    double[] inverseCovarianceView() {
        return inverseCovariance;
    }

    /** CRC-32C of the codec bytes: what a snapshot of a warm-started key records. */
    public int fingerprint() {
        return fingerprint;
    }

    /** {@link #fingerprint()} as eight hex digits, for messages. */
    public static String hex(int fingerprint) {
        return String.format("%08x", fingerprint);
    }
}
