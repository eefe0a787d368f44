package io.erstream.eval;

import java.util.List;
import java.util.Random;

/**
 * The Agrawal loan-applicant stream: mixed numeric and nominal attributes with ten labelling
 * functions of growing complexity, used for recurring and abrupt or gradual concept change.
 *
 * <p>Definition: R. Agrawal, T. Imielinski and A. Swami, "Database mining: a performance
 * perspective", IEEE TKDE 5(6), 1993, as implemented by MOA's {@code AgrawalGenerator} (functions
 * 1-10 are the paper's page-924 functions; perturbation works as in the public C code). The nine
 * attributes, in order, with MOA's distributions:
 * <ul>
 *   <li>salary uniform in [20000, 150000];
 *   <li>commission 0 if salary >= 75000, else uniform in [10000, 75000];
 *   <li>age integer uniform in [20, 80];
 *   <li>elevel integer code in 0..4 (MOA's {@code level0..level4});
 *   <li>car integer code in 0..19 (MOA's {@code car1..car20});
 *   <li>zipcode integer code in 0..8 (MOA's {@code zipcode1..zipcode9});
 *   <li>hvalue = (9 - zipcode) · 100000 · uniform[0.5, 1.5];
 *   <li>hyears integer uniform in [1, 30];
 *   <li>loan uniform in [0, 500000].
 * </ul>
 * Nominal attributes are given to the learner as their integer codes above. Class 0 is MOA's
 * "groupA" (the function's condition holds), class 1 "groupB". With {@code perturbation p > 0}
 * the numeric attributes are moved by up to ±p of their range after labelling and clamped, exactly
 * as MOA does, including MOA's clamp of hvalue to [0, 135000]. With {@code balance}, examples are
 * redrawn until classes alternate 1, 0, 1, ... (MOA's {@code -b}).
 *
 * <p>The drifting form follows MOA's {@code ConceptDriftStream}: the example at 0-based index t
 * uses the new function with probability 1/(1+e^{-4(t−p)/w}); with w = 0 the switch is abrupt at
 * index p. Unlike MOA, both concepts share one attribute stream (same distribution, fewer draws).
 *
 * <p>Randomness: a {@link java.util.Random} seeded with {@code seed} draws attributes in MOA's
 * order; a second {@code Random} with a seed derived from {@code seed} draws the concept choice.
 */
public final class AgrawalGenerator extends BoundedGenerator {
    /** Attribute names in feature order. */
    public static final List<String> ATTRIBUTE_NAMES = List.of(
            "salary", "commission", "age", "elevel", "car", "zipcode", "hvalue", "hyears", "loan");

    private static final int SALARY = 0;
    private static final int COMMISSION = 1;
    private static final int AGE = 2;
    private static final int ELEVEL = 3;
    private static final int CAR = 4;
    private static final int ZIPCODE = 5;
    private static final int HVALUE = 6;
    private static final int HYEARS = 7;
    private static final int LOAN = 8;

    private static final double[] SALARY_LO = {50000, 75000, 25000};
    private static final double[] SALARY_HI = {100000, 125000, 75000};
    private static final double[] SALARY_LO_ELEVEL = {25000, 50000, 50000};
    private static final double[] SALARY_HI_ELEVEL = {75000, 100000, 100000};
    private static final int[] ELEVEL_LO = {0, 1, 2};
    private static final int[] ELEVEL_HI = {1, 3, 4};
    private static final double[] LOAN_LO_SALARY = {100000, 200000, 300000};
    private static final double[] LOAN_HI_SALARY = {300000, 400000, 500000};
    private static final double[] LOAN_LO = {200000, 300000, 100000};
    private static final double[] LOAN_HI = {400000, 500000, 300000};

    private final Random random;
    private final Random conceptRandom;
    private final int functionBefore;
    private final int functionAfter;
    private final long driftAt;
    private final long width;
    private final double perturbation;
    private final boolean balance;
    private boolean nextClassShouldBeZero;

    /** A stream of {@code n} examples labelled by {@code function} (1..10); MOA's default p=0.05. */
    public AgrawalGenerator(long n, long seed, int function, double perturbation, boolean balance) {
        this(n, seed, function, function, Long.MAX_VALUE, 0, perturbation, balance);
    }

    private AgrawalGenerator(long n, long seed, int functionBefore, int functionAfter, long driftAt,
            long width, double perturbation, boolean balance) {
        super(n, ATTRIBUTE_NAMES.size(), "groupA", "groupB");
        this.functionBefore = requireFunction(functionBefore);
        this.functionAfter = requireFunction(functionAfter);
        if (width < 0) {
            throw new IllegalArgumentException("width must be >= 0, got " + width);
        }
        this.driftAt = driftAt;
        this.width = width;
        this.perturbation = requireProbability("perturbation", perturbation);
        this.balance = balance;
        this.random = new Random(seed);
        this.conceptRandom = new Random(Seeds.derive(seed, 1));
    }

    /**
     * A stream that changes from {@code functionBefore} to {@code functionAfter} around index
     * {@code driftAt}: abruptly if {@code width} is 0, else by MOA's sigmoid mixture of that width.
     * Uses perturbation 0.05 (MOA's default) and no class balancing.
     */
    public static AgrawalGenerator withDrift(long n, long seed, int functionBefore,
            int functionAfter, long driftAt, long width) {
        return new AgrawalGenerator(n, seed, functionBefore, functionAfter, driftAt, width, 0.05,
                false);
    }

    /**
     * The class (0 = groupA, 1 = groupB) that {@code function} (1..10) gives an attribute vector in
     * this stream's encoding (see {@link #ATTRIBUTE_NAMES}).
     */
    public static int classify(int function, double[] x) {
        return isGroupA(requireFunction(function), x) ? 0 : 1;
    }

    /** Probability that the example at {@code index} is labelled by the new function. */
    public double newConceptProbability(long index) {
        if (functionBefore == functionAfter) {
            return 0.0;
        }
        if (width == 0) {
            return index >= driftAt ? 1.0 : 0.0;
        }
        return 1.0 / (1.0 + Math.exp(-4.0 * (index - driftAt) / width));
    }

    @Override
    void draw(long index, Example into) {
        int function = chooseFunction(index);
        double[] x = into.x;
        int label;
        do {
            drawAttributes(x);
            label = classify(function, x);
        } while (balance && !takeBalanced(label));
        if (perturbation > 0.0) {
            perturb(x);
        }
        into.label = label;
    }

    private int chooseFunction(long index) {
        double p = newConceptProbability(index);
        if (p == 0.0) {
            return functionBefore;
        }
        if (p == 1.0 || width == 0) {
            return functionAfter;
        }
        return conceptRandom.nextDouble() < p ? functionAfter : functionBefore;
    }

    private boolean takeBalanced(int label) {
        boolean wanted = nextClassShouldBeZero == (label == 0);
        if (wanted) {
            nextClassShouldBeZero = !nextClassShouldBeZero;
        }
        return wanted;
    }

    private void drawAttributes(double[] x) {
        double salary = 20000.0 + 130000.0 * random.nextDouble();
        x[SALARY] = salary;
        x[COMMISSION] = salary >= 75000.0 ? 0.0 : 10000.0 + 65000.0 * random.nextDouble();
        x[AGE] = 20 + random.nextInt(61);
        x[ELEVEL] = random.nextInt(5);
        x[CAR] = random.nextInt(20);
        int zipcode = random.nextInt(9);
        x[ZIPCODE] = zipcode;
        x[HVALUE] = (9.0 - zipcode) * 100000.0 * (0.5 + random.nextDouble());
        x[HYEARS] = 1 + random.nextInt(30);
        x[LOAN] = random.nextDouble() * 500000.0;
    }

    private void perturb(double[] x) {
        x[SALARY] = perturb(x[SALARY], 130000, 20000, 150000);
        if (x[COMMISSION] > 0) {
            x[COMMISSION] = perturb(x[COMMISSION], 65000, 10000, 75000);
        }
        x[AGE] = Math.round(perturb(x[AGE], 60, 20, 80));
        x[HVALUE] = perturb(x[HVALUE], (9.0 - x[ZIPCODE]) * 100000.0, 0, 135000);
        x[HYEARS] = Math.round(perturb(x[HYEARS], 29, 1, 30));
        x[LOAN] = perturb(x[LOAN], 500000, 0, 500000);
    }

    private double perturb(double value, double range, double min, double max) {
        double moved = value + range * (2.0 * (random.nextDouble() - 0.5)) * perturbation;
        return Math.min(max, Math.max(min, moved));
    }

    private static boolean isGroupA(int function, double[] x) {
        int band = ageBand((int) x[AGE]);
        double salary = x[SALARY];
        int elevel = (int) x[ELEVEL];
        switch (function) {
            case 1:
                return band != 1;
            case 2:
                return inSalaryBand(band, salary);
            case 3:
                return inElevelBand(band, elevel);
            case 4:
                return inElevelBand(band, elevel)
                        ? within(salary, SALARY_LO_ELEVEL[band], SALARY_HI_ELEVEL[band])
                        : inSalaryBand(band, salary);
            case 5:
                return inSalaryBand(band, salary)
                        ? within(x[LOAN], LOAN_LO_SALARY[band], LOAN_HI_SALARY[band])
                        : within(x[LOAN], LOAN_LO[band], LOAN_HI[band]);
            case 6:
                return inSalaryBand(band, salary + x[COMMISSION]);
            default:
                return disposable(function, x) > 0;
        }
    }

    /** The "disposable income" of functions 7 to 10. */
    private static double disposable(int function, double[] x) {
        double income = 2.0 * (x[SALARY] + x[COMMISSION]) / 3.0;
        double elevelCost = 5000.0 * (int) x[ELEVEL];
        switch (function) {
            case 7:
                return income - x[LOAN] / 5.0 - 20000.0;
            case 8:
                return income - elevelCost - 20000.0;
            case 9:
                return income - elevelCost - x[LOAN] / 5.0 - 10000.0;
            default:
                return income - elevelCost + equity(x) / 5.0 - 10000.0;
        }
    }

    private static double equity(double[] x) {
        int hyears = (int) x[HYEARS];
        return hyears >= 20 ? x[HVALUE] * (hyears - 20.0) / 10.0 : 0.0;
    }

    /** 0 for age below 40, 1 for 40 to 59, 2 for 60 and over. */
    private static int ageBand(int age) {
        return age < 40 ? 0 : age < 60 ? 1 : 2;
    }

    private static boolean inSalaryBand(int band, double salary) {
        return within(salary, SALARY_LO[band], SALARY_HI[band]);
    }

    private static boolean inElevelBand(int band, int elevel) {
        return ELEVEL_LO[band] <= elevel && elevel <= ELEVEL_HI[band];
    }

    private static boolean within(double value, double lo, double hi) {
        return lo <= value && value <= hi;
    }

    private static int requireFunction(int function) {
        if (function < 1 || function > 10) {
            throw new IllegalArgumentException("function must be in 1..10, got " + function);
        }
        return function;
    }
}
