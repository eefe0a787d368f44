package io.erstream.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.erstream.drift.DriftPolicy;
import io.erstream.drift.DriftResponse;
import io.erstream.drift.HddmADetector;
import io.erstream.learn.LearnerSpec;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A learning step says what it did in the {@link LearningStep} its caller hands it. */
class LearningStepTest {

    @Test
    void aStepFillsAndReturnsTheCallersOutcome() {
        KeyedModel model = ModelStoreTest.unstoredModel("k", 32);
        LearningStep step = new LearningStep();

        LearningStep returned = model.testThenTrain(ModelStoreTest.example(model, new Random(1)), step);

        assertSame(step, returned);
        assertTrue(step.accepted);
        assertTrue(step.predictNanos >= 0 && step.updateNanos >= 0);
        assertFalse(step.driftReportable, "a model without a detector reports no drift");
    }

    @Test
    void anUpdateWhoseResultCannotBeFiniteIsReportedAsNotAccepted() {
        KeyedModel model = KeyedModel.create("k", LearnerSpec.classifier(2).withStandardize(false), List.of("0", "1"),
                FeatureLayout.positional(3), 32);
        Example huge = new Example();
        huge.features = model.input();
        huge.features[0] = 1e200;
        huge.features[1] = -1e200;
        huge.features[2] = 1e200;
        huge.labelled = true;
        huge.classIndex = 1;

        LearningStep step = model.testThenTrain(huge, new LearningStep());

        assertFalse(step.accepted);
        assertEquals(1, model.refused(), "the refusal is counted in the model");
    }

    @Test
    void theStepInWhichTheDetectorFiresIsReportedAndNoneBefore() {
        KeyedModel model = KeyedModel.create("k", LearnerSpec.classifier(2), List.of("0", "1"),
                FeatureLayout.positional(2), 32, DriftResponse.fresh(HddmADetector.bernstein(), DriftPolicy.NONE,
                        null));
        Example e = new Example();
        e.features = model.input();
        e.labelled = true;
        Random random = new Random(3);
        LearningStep step = new LearningStep();
        for (int i = 0; i < 20_000; i++) {
            e.features[0] = random.nextGaussian();
            e.features[1] = random.nextGaussian();
            boolean positive = e.features[0] > 0;
            e.classIndex = (i < 5_000) == positive ? 1 : 0; // the concept flips at 5,000
            e.timestamp = i;
            long before = model.driftDetections();
            model.testThenTrain(e, step);
            if (model.driftDetections() > before) {
                assertTrue(i >= 5_000, "no drift before the flip, detected at " + i);
                assertTrue(step.driftReportable, "the detecting step is reported");
                return;
            }
        }
        throw new AssertionError("the flip was never detected");
    }
}
