package io.erstream.learn.research;

import io.erstream.learn.Argmax;
import io.erstream.learn.LinearModel;
import io.erstream.learn.MultilayerModel;
import io.erstream.learn.Reflection;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_MT_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * Multilayer Expectation Reflection (docs/method.md §5), one tanh hidden layer, trained without a loss gradient or a
 * learning rate in the backprop sense: every weight update is a ridge least-squares solve of a layer against its
 * own input, towards a target obtained by reflection (output) and by target propagation (hidden). The design and
 * the measurements behind it are in {@code docs/multilayer-er.md}.
 *
 * <h2>One iteration</h2>
 * <ol>
 * <li>Hidden activity {@code A = tanh(X W₁ + b₁)} (n × H); output fields {@code F = A W₂ + b₂}.</li>
 * <li>Reflect the output fields (one-vs-rest or softmax, docs/method.md §3): {@code ΔF = reflect(F, s) − F}.</li>
 * <li>Propagate to the hidden activity by the minimal-norm (ridge-damped) change that produces ΔF through the
 * output weights: {@code ΔA = ΔF (W₂ᵀW₂ + λI)⁻¹ W₂ᵀ} ({@link Propagation#PSEUDO_INVERSE}).</li>
 * <li>Invert the activation ({@link Inversion}): by default the least-squares inverse of the linearised tanh,
 * {@code ΔZ = η (1 − A²) ΔA / mean_rows((1 − A²)²)} per unit ({@link Inversion#LINEARISED}).</li>
 * <li>Solve the first layer for that change by centred ridge least squares on X and add it
 * ({@code increment}: ridge towards the current weights, not towards 0). The input covariance is factorised
 * once for the whole fit.</li>
 * <li>Check: with the output layer held fixed, the new hidden activity must not raise the training Brier score;
 * otherwise halve η and retry (at most {@code backtracks} times), else skip the step.</li>
 * <li>Re-solve the output layer by ER (one-vs-rest or softmax) on the new activity, warm-started from the current output
 * layer and keeping its best solve, so the training Brier score never rises from one iteration to the next.</li>
 * </ol>
 * Iteration 0 (output ER on the initial first layer) is reported too.
 *
 * <h2>Why these choices (measured; details in docs/multilayer-er.md)</h2>
 * <ul>
 * <li>The exact inversion {@code atanh(clip(A + ΔA)) − Z} ({@link Inversion#EXACT}) divides ΔA by tanh' = 1 − A²:
 * saturated units dominate the least-squares fit of the first layer and the fitted change <em>raises</em> the
 * training Brier score for every η tried (XOR blobs: 0.0857 → 0.0863 even at η = 0.1/8). That, not overfitting, is
 * why its iterations make Fashion-MNIST worse (0.8372 → 0.8316 → 0.8255 → 0.8179). The linearised inverse weights rows
 * as the least-squares fit of the linearised activation does, with one shared input covariance per layer, and
 * gives a descent step (XOR blobs, η = 10: test 0.733 → 0.921 → 0.960).</li>
 * <li>The secant inverse {@code Z·A* / A} also amplifies saturated units (by Z/A) and was rejected like the exact
 * one on XOR blobs.</li>
 * <li>η = 10 (the propagated change is small after the pseudo-inverse and the first-layer ridge): on XOR blobs
 * η = 1, 3, 10 gave 0.905, 0.920, 0.955 after one iteration; on Fashion-MNIST (15k train, 5k validation carved
 * from train) η = 10 was accepted without backtracking in all three iterations.</li>
 * <li>Initial first layer {@link Init#DIFFERENCES}: each unit separates two training rows of different classes.
 * Each unit's pre-activation is rescaled to standard deviation {@code initScale} on the training set.
 * On images, {@link Init#PATCHES} starts each unit as a local detector and {@link LinearModel.Output#SOFTMAX}
 * fits the output layer by softmax ER: together they took a 50k/10k Fashion-MNIST split from 0.8717 to 0.8817
 * after three iterations (1024 units), and 784 → 4096 → 10 to 0.8835 on the test set.</li>
 * </ul>
 *
 * <p>Deterministic under the seed: the only randomness is the initial first layer; EJML's multithreaded
 * products split work by rows, so sums are formed in a fixed order.
 */
public final class MultilayerReflection {

    /** How the output-field change is carried to the hidden activity. */
    public enum Propagation {
        /** Minimal-norm change through the ridge-regularised pseudo-inverse of the output weights. */
        PSEUDO_INVERSE,
        /** Change along W₂ᵀ (the backprop direction, without the activation's derivative). */
        TRANSPOSE
    }

    /** How the first layer starts. */
    public enum Init {
        /** Gaussian weights on the (standardised) inputs. */
        RANDOM,
        /**
         * Data-driven: each hidden unit's weights are the difference of two training rows of different classes,
         * its bias puts their midpoint at 0, so the unit separates two real examples (as in constrained
         * extreme learning machines).
         */
        DIFFERENCES,
        /**
         * {@link #DIFFERENCES} restricted to a random rectangle of a square image (the input must have side² features):
         * each unit starts as a local detector, as in receptive-field extreme learning machines. Only the start is
         * local; ER's first-layer solves update every weight.
         */
        PATCHES
    }

    /** How a target hidden activity A* becomes a target pre-activation Z*. */
    public enum Inversion {
        /** {@code Z* = atanh(clip(A*, ±(1 − ε)))}. */
        EXACT,
        /** The secant inverse {@code Z* = Z · A* / A} (ER's own reading of an inverse activation). */
        SECANT,
        /**
         * The least-squares inverse of the linearised activation: the change ΔZ that best reproduces ΔA through
         * tanh'(Z) = 1 − A², weighted as that fit weights rows, with one shared input covariance per layer:
         * {@code ΔZ = (1 − A²) ΔA / mean_rows((1 − A²)²)} per hidden unit.
         */
        LINEARISED
    }

    /**
     * @param hidden hidden units
     * @param iterations outer ER iterations (first-layer updates)
     * @param regu ridge strength of the first-layer solve (on standardised inputs)
     * @param outputRegu ridge strength of the output-layer solve (on the hidden activity)
     * @param outputIterations inner single-layer ER steps of the output layer per outer iteration
     * @param step η, the fraction of the propagated change applied to the hidden activity
     * @param damping λ of the pseudo-inverse (W₂ᵀW₂ + λI)⁻¹, relative to the mean diagonal of W₂ᵀW₂
     * @param epsilon target activities are clipped to ±(1 − ε) before atanh
     * @param initScale standard deviation of each hidden unit's initial pre-activation
     * @param seed seed of the initial first layer
     * @param increment solve the first layer for the change ΔZ = Z* − Z and add it (ridge towards the current
     *     weights) instead of re-solving Z* from scratch (ridge towards 0)
     * @param init how the first layer starts
     * @param inversion how target activities are inverted
     * @param backtracks how many times a first-layer step that worsens the training Brier score (with the
     *     output layer held fixed) is halved before the iteration is skipped; 0 accepts every step unchecked
     * @param output the output layer's form: one-vs-rest ER (σ(h_k) per class) or softmax ER (docs/method.md §3)
     */
    public record Options(int hidden, int iterations, double regu, double outputRegu, int outputIterations,
                          double step, double damping, double epsilon, double initScale, Propagation propagation,
                          long seed, boolean increment, Init init, Inversion inversion, int backtracks,
                          LinearModel.Output output) {

        public Options {
            if (hidden < 1) {
                throw new IllegalArgumentException("hidden must be at least 1, got " + hidden);
            }
            if (iterations < 1) {
                throw new IllegalArgumentException("iterations must be at least 1, got " + iterations);
            }
            if (outputIterations < 1) {
                throw new IllegalArgumentException("outputIterations must be at least 1, got " + outputIterations);
            }
            if (!(regu >= 0) || !(outputRegu >= 0) || !(damping >= 0) || !(step > 0) || !(epsilon > 0 && epsilon < 1)
                    || !(initScale > 0) || backtracks < 0) {
                throw new IllegalArgumentException(
                        "regu, outputRegu, damping, backtracks ≥ 0; step, initScale > 0; ε in (0,1)");
            }
            if (propagation == null || init == null || inversion == null) {
                throw new IllegalArgumentException("propagation, init and inversion are required");
            }
            if (output != LinearModel.Output.ONE_VS_REST && output != LinearModel.Output.SOFTMAX) {
                throw new IllegalArgumentException("output must be ONE_VS_REST or SOFTMAX, got " + output);
            }
        }

        public static Options defaults(int hidden, int iterations) {
            return new Options(hidden, iterations, 1.0, 0.01, 20, 10.0, 0.01, 1e-3, 1.0, Propagation.PSEUDO_INVERSE,
                    1L, true, Init.DIFFERENCES, Inversion.LINEARISED, 3, LinearModel.Output.ONE_VS_REST);
        }

        public Options with(double step, double damping, double regu, double initScale, Propagation propagation) {
            return new Options(hidden, iterations, regu, outputRegu, outputIterations, step, damping, epsilon,
                    initScale, propagation, seed, increment, init, inversion, backtracks, output);
        }

        public Options withSeed(long value) {
            return new Options(hidden, iterations, regu, outputRegu, outputIterations, step, damping, epsilon,
                    initScale, propagation, value, increment, init, inversion, backtracks, output);
        }

        public Options withIncrement(boolean value) {
            return new Options(hidden, iterations, regu, outputRegu, outputIterations, step, damping, epsilon,
                    initScale, propagation, seed, value, init, inversion, backtracks, output);
        }

        public Options withInit(Init value) {
            return new Options(hidden, iterations, regu, outputRegu, outputIterations, step, damping, epsilon,
                    initScale, propagation, seed, increment, value, inversion, backtracks, output);
        }

        public Options withInversion(Inversion value) {
            return new Options(hidden, iterations, regu, outputRegu, outputIterations, step, damping, epsilon,
                    initScale, propagation, seed, increment, init, value, backtracks, output);
        }

        public Options withStep(double value) {
            return new Options(hidden, iterations, regu, outputRegu, outputIterations, value, damping, epsilon,
                    initScale, propagation, seed, increment, init, inversion, backtracks, output);
        }

        public Options withOutput(LinearModel.Output value) {
            return new Options(hidden, iterations, regu, outputRegu, outputIterations, step, damping, epsilon,
                    initScale, propagation, seed, increment, init, inversion, backtracks, value);
        }

        public Options withBacktracks(int value) {
            return new Options(hidden, iterations, regu, outputRegu, outputIterations, step, damping, epsilon,
                    initScale, propagation, seed, increment, init, inversion, value, output);
        }
    }

    /** Called with the model after each iteration (0 = output ER on the initial first layer). */
    @FunctionalInterface
    public interface Listener {
        void afterIteration(int iteration, MultilayerModel model);
    }

    /** Training-set diagnostics of one iteration, for {@link Trace}. */
    public record Step(int iteration, double trainBrier, double trainAccuracy, double stepTaken, boolean accepted) {
    }

    /** Receives the training-set diagnostics after each iteration. */
    @FunctionalInterface
    public interface Trace {
        void step(Step step);
    }

    private static final boolean DEBUG = Boolean.getBoolean("erstream.debug");

    private MultilayerReflection() {
    }

    public static MultilayerModel fit(double[][] x, int[] labels, int classes, Options options) {
        return fit(x, labels, classes, options, (i, m) -> { });
    }

    public static MultilayerModel fit(double[][] x, int[] labels, int classes, Options options, Listener listener) {
        return fit(x, labels, classes, options, listener, s -> { });
    }

    public static MultilayerModel fit(double[][] x, int[] labels, int classes, Options options, Listener listener,
                                      Trace trace) {
        int n = x.length;
        if (n == 0 || labels.length != n) {
            throw new IllegalArgumentException(n + " rows but " + labels.length + " labels");
        }
        if (classes < 2) {
            throw new IllegalArgumentException("need at least 2 classes, got " + classes);
        }
        int d = x[0].length;
        for (int i = 0; i < n; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("label of row " + i + " is " + labels[i] + ", outside [0, "
                        + classes + ")");
            }
            if (x[i].length != d) {
                throw new IllegalArgumentException("row " + i + " has " + x[i].length + " features, expected " + d);
            }
        }
        if (options.init() == Init.PATCHES) {
            imageSide(d); // refuse non-image rows before any work
        }
        int hidden = options.hidden();
        CentredRidge inputRidge = new CentredRidge(x, options.regu());

        DMatrixRMaj w1 = new DMatrixRMaj(d, hidden);
        double[] b1 = new double[hidden];
        initialise(inputRidge, x, labels, w1, b1, options);

        DMatrixRMaj z = new DMatrixRMaj(n, hidden);
        DMatrixRMaj a = new DMatrixRMaj(n, hidden);
        DMatrixRMaj w2 = new DMatrixRMaj(hidden, classes);
        double[] b2 = new double[classes];
        DMatrixRMaj f = new DMatrixRMaj(n, classes);
        DMatrixRMaj targets = new DMatrixRMaj(n, classes);

        CentredRidge outputRidge = activity(inputRidge, w1, b1, z, a, options);
        double cost = solveOutput(outputRidge, labels, classes, options, w2, b2, f, targets, false);
        trace.step(new Step(0, cost / n / classes, fieldAccuracy(f, labels, classes), 0, true));
        listener.afterIteration(0, model(w1, b1, w2, b2, 0, options.output()));

        DMatrixRMaj work = new DMatrixRMaj(n, hidden);
        DMatrixRMaj dw = new DMatrixRMaj(d, hidden);
        double[] db = new double[hidden];
        DMatrixRMaj w1Candidate = new DMatrixRMaj(d, hidden);
        double[] b1Candidate = new double[hidden];
        for (int iteration = 1; iteration <= options.iterations(); iteration++) {
            // reflect the output fields (f holds the fields of the current output layer): targets ← ΔF
            reflect(f, labels, classes, targets, options.output());
            CommonOps_DDRM.subtractEquals(targets, f);
            DMatrixRMaj map = propagationMap(w2, options); // K × H
            double eta = options.step();
            boolean accepted = false;
            for (int attempt = 0; attempt <= options.backtracks(); attempt++, eta *= 0.5) {
                CommonOps_MT_DDRM.mult(targets, map, work); // ΔA per unit step
                hiddenTargets(z, a, work, eta, options);    // work ← Z* (or ΔZ with increment)
                if (options.increment()) {
                    inputRidge.solve(work, dw, db);
                    CommonOps_DDRM.add(w1, dw, w1Candidate);
                    for (int u = 0; u < hidden; u++) {
                        b1Candidate[u] = b1[u] + db[u];
                    }
                } else {
                    inputRidge.solve(work, w1Candidate, b1Candidate);
                }
                inputRidge.fields(w1Candidate, b1Candidate, work); // candidate Z
                if (options.backtracks() == 0) {
                    accepted = true;
                    break;
                }
                double candidate = brierWithFixedOutput(work, w2, b2, labels, classes, options.output());
                if (DEBUG) {
                    System.err.printf("  iteration %d, η %.4g: Brier (fixed output) %.6f → %.6f%n", iteration, eta,
                            cost / n / classes, candidate / n / classes);
                }
                if (candidate <= cost) {
                    accepted = true;
                    break;
                }
            }
            if (accepted) {
                w1.setTo(w1Candidate);
                System.arraycopy(b1Candidate, 0, b1, 0, hidden);
                outputRidge = null;
                z.setTo(work); // the candidate's pre-activations, already computed
                outputRidge = activation(z, a, options);
                // warm start: the current output layer on the new activity, never accepting a worse solve
                outputRidge.fields(w2, b2, f);
                cost = solveOutput(outputRidge, labels, classes, options, w2, b2, f, targets, true);
            }
            trace.step(new Step(iteration, cost / n / classes, fieldAccuracy(f, labels, classes),
                    accepted ? eta : 0, accepted));
            listener.afterIteration(iteration, model(w1, b1, w2, b2, iteration, options.output()));
        }
        return model(w1, b1, w2, b2, options.iterations(), options.output());
    }

    /** work holds ΔA for η = 1 on entry and Z* (or ΔZ = Z* − Z with increment) on exit. */
    private static void hiddenTargets(DMatrixRMaj z, DMatrixRMaj a, DMatrixRMaj work, double eta, Options options) {
        double limit = 1 - options.epsilon();
        double[] zd = z.data;
        double[] ad = a.data;
        double[] wd = work.data;
        boolean secant = options.inversion() == Inversion.SECANT;
        if (options.inversion() == Inversion.LINEARISED) {
            int hidden = z.numCols;
            int n = z.numRows;
            double[] weight = new double[hidden];
            for (int i = 0; i < wd.length; i++) {
                double slope = 1 - ad[i] * ad[i];
                weight[i % hidden] += slope * slope;
            }
            for (int u = 0; u < hidden; u++) {
                weight[u] = n / Math.max(weight[u], 1e-12);
            }
            for (int i = 0; i < wd.length; i++) {
                double change = eta * wd[i] * (1 - ad[i] * ad[i]) * weight[i % hidden];
                wd[i] = options.increment() ? change : zd[i] + change;
            }
            return;
        }
        for (int i = 0; i < wd.length; i++) {
            double target = ad[i] + eta * wd[i];
            target = Math.max(-limit, Math.min(limit, target));
            double zStar;
            if (secant) {
                // Z·A* / A; near A = 0 the secant slope is 1 (tanh'(0) = 1)
                zStar = Math.abs(ad[i]) > 1e-6 ? zd[i] * target / ad[i] : target;
            } else {
                zStar = atanh(target);
            }
            wd[i] = options.increment() ? zStar - zd[i] : zStar;
        }
    }

    /** Reflected output fields into {@code targets}; returns the summed Brier score of the current fields. */
    private static double reflect(DMatrixRMaj f, int[] labels, int classes, DMatrixRMaj targets,
                                  LinearModel.Output output) {
        if (output == LinearModel.Output.SOFTMAX) {
            return StrictReflection.reflectSoftmax(f.data, labels, classes, targets.data, new double[classes]);
        }
        return StrictReflection.reflectOneVsRest(f.data, labels, classes, targets.data, new double[classes]);
    }

    /** Summed Brier score of the output layer (w2, b2) on tanh(Z). */
    private static double brierWithFixedOutput(DMatrixRMaj z, DMatrixRMaj w2, double[] b2, int[] labels,
                                               int classes, LinearModel.Output output) {
        int n = z.numRows;
        int hidden = z.numCols;
        double[] w2t = CommonOps_DDRM.transpose(w2, null).data; // K × H
        double[] zd = z.data;
        double[] activity = new double[hidden];
        double[] fields = new double[classes];
        double[] probabilities = new double[classes];
        double cost = 0;
        for (int i = 0; i < n; i++) {
            int row = i * hidden;
            for (int u = 0; u < hidden; u++) {
                activity[u] = Math.tanh(zd[row + u]);
            }
            for (int k = 0; k < classes; k++) {
                double h = b2[k];
                int wr = k * hidden;
                for (int u = 0; u < hidden; u++) {
                    h += w2t[wr + u] * activity[u];
                }
                fields[k] = h;
            }
            if (output == LinearModel.Output.SOFTMAX) {
                Reflection.softmax(fields, 0, classes, probabilities);
            } else {
                for (int k = 0; k < classes; k++) {
                    probabilities[k] = StrictReflection.sigmoid(fields[k]);
                }
            }
            for (int k = 0; k < classes; k++) {
                double e = probabilities[k] - (labels[i] == k ? 1 : 0);
                cost += e * e;
            }
        }
        return cost;
    }

    private static double fieldAccuracy(DMatrixRMaj f, int[] labels, int classes) {
        long correct = 0;
        for (int i = 0; i < labels.length; i++) {
            if (Argmax.of(f.data, i * classes, classes) == labels[i]) {
                correct++;
            }
        }
        return correct / (double) labels.length;
    }

    /** Z = X W₁ + b₁ and A = tanh(Z) into the given matrices; returns the factorised ridge on A. */
    private static CentredRidge activity(CentredRidge inputRidge, DMatrixRMaj w1, double[] b1, DMatrixRMaj z,
                                         DMatrixRMaj a, Options options) {
        inputRidge.fields(w1, b1, z);
        return activation(z, a, options);
    }

    /** A = tanh(Z); returns the factorised ridge on A. */
    private static CentredRidge activation(DMatrixRMaj z, DMatrixRMaj a, Options options) {
        double[] zd = z.data;
        double[] ad = a.data;
        for (int i = 0; i < zd.length; i++) {
            ad[i] = Math.tanh(zd[i]);
        }
        return new CentredRidge(a.copy(), options.outputRegu());
    }

    /**
     * One-vs-rest single-layer ER on the hidden activity, stopping when the summed Brier score stops decreasing.
     * Cold: from h = 0 (the reference semantics, keeping the last solve). Warm: from the fields already in
     * {@code f} of the (w2, b2) passed in, keeping the best layer seen, so the training Brier score never rises.
     * Leaves the kept layer's fields in {@code f} and returns its summed Brier score.
     */
    private static double solveOutput(CentredRidge ridge, int[] labels, int classes, Options options,
                                      DMatrixRMaj w2, double[] b2, DMatrixRMaj f, DMatrixRMaj targets, boolean warm) {
        int n = labels.length;
        if (!warm) {
            w2.zero();
            Arrays.fill(b2, 0);
            f.zero();
        }
        DMatrixRMaj bestW = w2.copy();
        double[] bestB = b2.clone();
        double best = Double.POSITIVE_INFINITY;
        double previous = Double.POSITIVE_INFINITY;
        for (int iteration = 0; iteration <= options.outputIterations(); iteration++) {
            double cost = reflect(f, labels, classes, targets, options.output());
            if (DEBUG) {
                System.err.printf("  output ER step %d: Brier %.6f%n", iteration, cost / n / classes);
            }
            if (cost < best) {
                best = cost;
                bestW.setTo(w2);
                System.arraycopy(b2, 0, bestB, 0, b2.length);
            }
            if (iteration == options.outputIterations() || (iteration > 0 && cost >= previous)) {
                if (!warm) {
                    return cost; // reference semantics: keep the last solve
                }
                break;
            }
            previous = cost;
            ridge.solve(targets, w2, b2);
            if (options.output() == LinearModel.Output.SOFTMAX) {
                BatchReflection.centreAcrossClasses(w2, b2);
            }
            ridge.fields(w2, b2, f);
        }
        w2.setTo(bestW);
        System.arraycopy(bestB, 0, b2, 0, b2.length);
        ridge.fields(w2, b2, f);
        return best;
    }

    /** K × H: (W₂ᵀW₂ + λ·tr/K·I)⁻¹ W₂ᵀ, or W₂ᵀ. */
    private static DMatrixRMaj propagationMap(DMatrixRMaj w2, Options options) {
        DMatrixRMaj transpose = CommonOps_DDRM.transpose(w2, null);
        if (options.propagation() == Propagation.TRANSPOSE) {
            return transpose;
        }
        int k = w2.numCols;
        DMatrixRMaj gram = new DMatrixRMaj(k, k);
        CommonOps_DDRM.multInner(w2, gram);
        double trace = CommonOps_DDRM.trace(gram) / k;
        for (int c = 0; c < k; c++) {
            gram.add(c, c, options.damping() * trace + 1e-12);
        }
        DMatrixRMaj map = new DMatrixRMaj(k, w2.numRows);
        LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.chol(k);
        if (!solver.setA(gram)) {
            throw new IllegalStateException("output Gram matrix is not positive definite");
        }
        solver.solve(transpose, map);
        return map;
    }

    private static void initialise(CentredRidge inputRidge, double[][] x, int[] labels, DMatrixRMaj w1,
                                   double[] b1, Options options) {
        SplittableRandom random = new SplittableRandom(options.seed());
        int d = w1.numRows;
        int hidden = w1.numCols;
        if (options.init() != Init.RANDOM) {
            boolean[] mask = options.init() == Init.PATCHES ? new boolean[d] : null;
            int side = mask == null ? 0 : imageSide(d);
            int n = x.length;
            boolean varied = false;
            for (int i = 1; i < n && !varied; i++) {
                varied = labels[i] != labels[0];
            }
            for (int u = 0; u < hidden; u++) {
                int p = random.nextInt(n);
                int q = random.nextInt(n);
                for (int tries = 0; varied && labels[q] == labels[p] && tries < 1000; tries++) {
                    q = random.nextInt(n);
                }
                if (mask != null) {
                    patch(random, side, mask);
                }
                double bias = 0;
                for (int j = 0; j < d; j++) {
                    double w = mask == null || mask[j] ? x[p][j] - x[q][j] : 0;
                    w1.set(j, u, w);
                    bias -= w * 0.5 * (x[p][j] + x[q][j]);
                }
                b1[u] = bias;
            }
        } else {
            for (int i = 0; i < w1.data.length; i++) {
                w1.data[i] = Gaussian.next(random);
            }
            for (int u = 0; u < hidden; u++) {
                b1[u] = Gaussian.next(random);
            }
        }
        // measured scaling: sd of each unit's pre-activation on the training set → initScale
        double[] sd = inputRidge.columnDeviation(w1);
        for (int u = 0; u < hidden; u++) {
            double factor = sd[u] > 0 ? options.initScale() / sd[u] : 1.0;
            for (int j = 0; j < d; j++) {
                w1.set(j, u, w1.get(j, u) * factor);
            }
            b1[u] *= options.init() != Init.RANDOM ? factor : options.initScale();
        }
    }

    /** The side of a square image of {@code d} pixels. */
    static int imageSide(int d) {
        int side = (int) Math.round(Math.sqrt(d));
        if (side * side != d) {
            throw new IllegalArgumentException("init PATCHES needs square images, but rows have " + d
                    + " features (not a square number)");
        }
        return side;
    }

    /**
     * Sets {@code mask} to a random rectangle of the side × side image, each side between a tenth and a half of the
     * image's (2 to 14 pixels on 28 × 28). On a 15k/5k Fashion-MNIST split, sides of 0.1–0.3, 0.1–0.5, 0.15–0.4 and
     * 0.2–0.6 of the image gave the same held-out accuracy within the ±0.3 points that the seed alone moves it;
     * 0.2–1 and 0.3–0.8 were slightly lower (docs/multilayer-er.md).
     */
    static void patch(SplittableRandom random, int side, boolean[] mask) {
        int least = Math.max(1, side / 10);
        int most = Math.max(least, side / 2);
        int height = least + random.nextInt(most - least + 1);
        int width = least + random.nextInt(most - least + 1);
        int top = random.nextInt(side - height + 1);
        int bottom = top + height - 1;
        int left = random.nextInt(side - width + 1);
        int right = left + width - 1;
        for (int r = 0; r < side; r++) {
            for (int c = 0; c < side; c++) {
                mask[r * side + c] = r >= top && r <= bottom && c >= left && c <= right;
            }
        }
    }

    private static MultilayerModel model(DMatrixRMaj w1, double[] b1, DMatrixRMaj w2, double[] b2, int iterations,
                                         LinearModel.Output output) {
        DMatrixRMaj w1t = CommonOps_DDRM.transpose(w1, null); // H × d
        DMatrixRMaj w2t = CommonOps_DDRM.transpose(w2, null); // K × H
        return new MultilayerModel(output, w1.numRows, w1.numCols, w2.numCols, b1,
                w1t.data, b2, w2t.data, iterations);
    }

    private static double atanh(double a) {
        return 0.5 * Math.log((1 + a) / (1 - a));
    }
}
