package io.erstream.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AgrawalGeneratorTest {

    /** An attribute vector with the unused attributes at harmless values. */
    private static double[] applicant(double salary, double commission, int age, int elevel,
            double hvalue, int hyears, double loan) {
        return new double[] {salary, commission, age, elevel, 3, 2, hvalue, hyears, loan};
    }

    private static double[] aged(int age, double salary) {
        return applicant(salary, 0, age, 0, 500000, 5, 250000);
    }

    @Test
    void functionOneIsGroupAOutsideMiddleAge() {
        assertEquals(0, AgrawalGenerator.classify(1, aged(39, 60000)));
        assertEquals(1, AgrawalGenerator.classify(1, aged(40, 60000)));
        assertEquals(1, AgrawalGenerator.classify(1, aged(59, 60000)));
        assertEquals(0, AgrawalGenerator.classify(1, aged(60, 60000)));
    }

    @Test
    void functionTwoUsesAnAgeDependentSalaryBand() {
        assertEquals(0, AgrawalGenerator.classify(2, aged(30, 60000)));
        assertEquals(1, AgrawalGenerator.classify(2, aged(30, 120000)));
        assertEquals(0, AgrawalGenerator.classify(2, aged(50, 120000)));
        assertEquals(0, AgrawalGenerator.classify(2, aged(70, 30000)));
        assertEquals(1, AgrawalGenerator.classify(2, aged(70, 80000)));
    }

    @Test
    void functionThreeUsesAnAgeDependentEducationBand() {
        assertEquals(0, AgrawalGenerator.classify(3, applicant(60000, 0, 30, 1, 0, 1, 0)));
        assertEquals(1, AgrawalGenerator.classify(3, applicant(60000, 0, 30, 2, 0, 1, 0)));
        assertEquals(0, AgrawalGenerator.classify(3, applicant(60000, 0, 50, 3, 0, 1, 0)));
        assertEquals(1, AgrawalGenerator.classify(3, applicant(60000, 0, 65, 1, 0, 1, 0)));
    }

    @Test
    void functionFourPicksTheSalaryBandByEducation() {
        assertEquals(0, AgrawalGenerator.classify(4, applicant(30000, 0, 30, 0, 0, 1, 0)));
        assertEquals(1, AgrawalGenerator.classify(4, applicant(30000, 0, 30, 3, 0, 1, 0)));
    }

    @Test
    void functionFivePicksTheLoanBandBySalary() {
        assertEquals(0, AgrawalGenerator.classify(5, applicant(60000, 0, 30, 0, 0, 1, 150000)));
        assertEquals(1, AgrawalGenerator.classify(5, applicant(60000, 0, 30, 0, 0, 1, 350000)));
        assertEquals(0, AgrawalGenerator.classify(5, applicant(30000, 0, 30, 0, 0, 1, 350000)));
    }

    @Test
    void functionSixCountsCommissionInTheSalaryBand() {
        assertEquals(0, AgrawalGenerator.classify(6, applicant(40000, 20000, 30, 0, 0, 1, 0)));
        assertEquals(1, AgrawalGenerator.classify(6, applicant(40000, 0, 30, 0, 0, 1, 0)));
    }

    @Test
    void functionSevenSubtractsAFifthOfTheLoan() {
        // 2/3 (60000 + 15000) = 50000
        assertEquals(0, AgrawalGenerator.classify(7, applicant(60000, 15000, 30, 0, 0, 1, 100000)));
        assertEquals(1, AgrawalGenerator.classify(7, applicant(60000, 15000, 30, 0, 0, 1, 200000)));
    }

    @Test
    void functionEightSubtractsFiveThousandPerEducationLevel() {
        assertEquals(0, AgrawalGenerator.classify(8, applicant(60000, 15000, 30, 2, 0, 1, 0)));
        assertEquals(1, AgrawalGenerator.classify(8, applicant(30000, 0, 30, 4, 0, 1, 0)));
    }

    @Test
    void functionNineSubtractsEducationAndLoan() {
        assertEquals(0, AgrawalGenerator.classify(9, applicant(60000, 15000, 30, 2, 0, 1, 100000)));
        assertEquals(1, AgrawalGenerator.classify(9, applicant(60000, 15000, 30, 2, 0, 1, 200000)));
    }

    @Test
    void functionTenAddsHomeEquityAfterTwentyYears() {
        // 2/3 30000 - 5000*4 - 10000 = -10000; equity 200000 * (30-20)/10 adds 200000/5
        assertEquals(1, AgrawalGenerator.classify(10, applicant(30000, 0, 30, 4, 200000, 19, 0)));
        assertEquals(0, AgrawalGenerator.classify(10, applicant(30000, 0, 30, 4, 200000, 30, 0)));
    }

    @Test
    void anUnknownFunctionIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> AgrawalGenerator.classify(11, aged(30, 1)));
        assertThrows(IllegalArgumentException.class,
                () -> new AgrawalGenerator(10, 1, 0, 0.0, false));
    }

    @Test
    void withoutPerturbationEveryLabelIsTheFunctionOfTheAttributes() {
        for (int f = 1; f <= 10; f++) {
            Drain drain = Drain.of(new AgrawalGenerator(300, f, f, 0.0, false));
            for (int i = 0; i < 300; i++) {
                assertEquals(AgrawalGenerator.classify(f, drain.xs.get(i)), drain.labels.get(i));
            }
        }
    }

    @Test
    void attributesFollowMoaDistributions() {
        for (double[] x : Drain.of(new AgrawalGenerator(3000, 4, 1, 0.0, false)).xs) {
            assertTrue(x[0] >= 20000 && x[0] <= 150000, "salary");
            assertTrue(x[0] >= 75000 ? x[1] == 0 : x[1] >= 10000 && x[1] <= 75000, "commission");
            assertTrue(x[2] == Math.rint(x[2]) && x[2] >= 20 && x[2] <= 80, "age");
            assertTrue(x[3] == Math.rint(x[3]) && x[3] >= 0 && x[3] <= 4, "elevel");
            assertTrue(x[4] == Math.rint(x[4]) && x[4] >= 0 && x[4] <= 19, "car");
            assertTrue(x[5] == Math.rint(x[5]) && x[5] >= 0 && x[5] <= 8, "zipcode");
            double base = (9 - x[5]) * 100000;
            assertTrue(x[6] >= 0.5 * base && x[6] <= 1.5 * base, "hvalue");
            assertTrue(x[7] == Math.rint(x[7]) && x[7] >= 1 && x[7] <= 30, "hyears");
            assertTrue(x[8] >= 0 && x[8] <= 500000, "loan");
        }
    }

    @Test
    void perturbationKeepsAttributesInTheirRanges() {
        for (double[] x : Drain.of(new AgrawalGenerator(3000, 4, 1, 0.2, false)).xs) {
            assertTrue(x[0] >= 20000 && x[0] <= 150000, "salary");
            assertTrue(x[2] == Math.rint(x[2]) && x[2] >= 20 && x[2] <= 80, "age");
            assertTrue(x[6] >= 0 && x[6] <= 135000, "hvalue (MOA clamps to 135000)");
            assertTrue(x[7] == Math.rint(x[7]) && x[7] >= 1 && x[7] <= 30, "hyears");
        }
    }

    @Test
    void balancedClassesAlternateStartingWithOne() {
        Drain drain = Drain.of(new AgrawalGenerator(20, 2, 1, 0.05, true));
        for (int i = 0; i < 20; i++) {
            assertEquals(i % 2 == 0 ? 1 : 0, drain.labels.get(i), "example " + i);
        }
    }

    @Test
    void anAbruptDriftSwitchesFunctionAtTheDriftPoint() {
        AgrawalGenerator drift = AgrawalGenerator.withDrift(1000, 1, 1, 2, 400, 0);
        assertEquals(0.0, drift.newConceptProbability(399));
        assertEquals(1.0, drift.newConceptProbability(400));
    }

    @Test
    void aGradualDriftFollowsMoasSigmoid() {
        AgrawalGenerator drift = AgrawalGenerator.withDrift(1000, 1, 1, 2, 400, 100);
        assertEquals(0.5, drift.newConceptProbability(400), 1e-12);
        assertEquals(1 / (1 + Math.exp(4)), drift.newConceptProbability(300), 1e-12);
        assertEquals(1 / (1 + Math.exp(-4)), drift.newConceptProbability(500), 1e-12);
    }

    @Test
    void labelsAgreeWithTheOldFunctionBeforeTheDriftAndTheNewOneAfter() {
        Drain drain = Drain.of(AgrawalGenerator.withDrift(4000, 8, 1, 2, 2000, 0));
        assertTrue(agreement(drain, 1, 0, 2000) > 0.9);
        assertTrue(agreement(drain, 2, 2000, 4000) > 0.9);
        assertTrue(agreement(drain, 1, 2000, 4000) < 0.7);
    }

    private static double agreement(Drain drain, int function, int from, int to) {
        int same = 0;
        for (int i = from; i < to; i++) {
            same += AgrawalGenerator.classify(function, drain.xs.get(i)) == drain.labels.get(i) ? 1 : 0;
        }
        return same / (double) (to - from);
    }
}
