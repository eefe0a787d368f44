package io.erstream.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.erstream.learn.WarmStart;
import io.erstream.learn.WarmStartFixture;
import org.junit.jupiter.api.Test;

/** What a learner reads for a model's features: the features, or their warm-start activations. */
class LearnerInputTest {

    private static final WarmStart WARM = WarmStartFixture.small().warmStart;

    @Test
    void aLinearModelsLearnerReadsTheFeaturesThemselves() {
        double[] x = {1, 2, 3};
        assertSame(x, new LearnerInput(null, null).map(x));
    }

    @Test
    void aWarmStartedModelsLearnerReadsTheHiddenLayersActivations() {
        double[] x = {0.5, -1, 2, 0};
        double[] expected = new double[WARM.hidden()];
        WARM.hiddenLayer().activate(x, expected);
        assertArrayEquals(expected, new LearnerInput(null, WARM).map(x));
    }

    @Test
    void featuresOfAnotherCountThanTheWarmStartReadsAreRefused() {
        LearnerInput input = new LearnerInput(null, WARM);
        assertThrows(IllegalArgumentException.class, () -> input.map(new double[WARM.dimension() + 1]));
    }
}
