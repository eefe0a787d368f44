package io.erstream.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.erstream.drift.DriftPolicy;
import io.erstream.drift.DriftResponse;
import io.erstream.drift.DriftState;
import io.erstream.drift.HddmADetector;
import io.erstream.learn.LearnerSpec;
import io.erstream.learn.ModelCodec;
import io.erstream.learn.OnlineReflection;
import io.erstream.learn.WarmStart;
import io.erstream.learn.WarmStartFixture;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Drift policies that replace a warm-started key's learner restart from the warm start's output learner, not from
 * zero: a 4 → 16 → 3 network ({@link WarmStartFixture}) whose labels 0 and 1 swap after 1,000 examples.
 */
class WarmStartDriftTest {

    private static final WarmStartFixture FIXTURE = WarmStartFixture.small();
    private static final int SWAP = 1000;

    private static KeyedModel model(DriftPolicy policy) {
        WarmStart warm = FIXTURE.warmStart;
        return KeyedModel.create("m", LearnerSpec.classifier(3), List.of("0", "1", "2"), FeatureLayout.positional(4),
                32, DriftResponse.fresh(HddmADetector.bernstein(), policy, warm), warm);
    }

    private static void bind(Example e, int i) {
        System.arraycopy(FIXTURE.x[i], 0, e.features, 0, 4);
        int label = FIXTURE.y[i];
        e.classIndex = i >= SWAP && label < 2 ? 1 - label : label;
        e.labelled = true;
        e.timestamp = i;
    }

    @Test
    void resetModelRestartsFromTheWarmStartsOutputLearner() {
        KeyedModel model = model(DriftPolicy.RESET_MODEL);
        Example e = new Example();
        e.features = model.input();
        for (int i = 0; i < FIXTURE.x.length; i++) {
            bind(e, i);
            model.testThenTrain(e);
            if (model.drift().state() == DriftState.DRIFT) {
                assertTrue(i >= SWAP, "no drift before the swap, detected at " + i);
                // the learner that learnt this example is the warm start's, fresh: so it equals one learnt from it
                OnlineReflection expected = FIXTURE.warmStart.learner(model.learner().spec());
                double[] a = new double[FIXTURE.warmStart.hidden()];
                FIXTURE.warmStart.hiddenLayer().activate(e.features, a);
                expected.learnOne(a, e.classIndex);
                assertArrayEquals(ModelCodec.encode(expected), ModelCodec.encode(model.learner()));
                assertEquals(i + 1, model.version(), "the version keeps counting across the reset");
                return;
            }
        }
        throw new AssertionError("the swap was never detected");
    }

    @Test
    void warnThenSwapStartsItsBackgroundLearnerFromTheWarmStart() {
        KeyedModel model = model(DriftPolicy.WARN_THEN_SWAP);
        Example e = new Example();
        e.features = model.input();
        for (int i = 0; i < FIXTURE.x.length; i++) {
            bind(e, i);
            model.testThenTrain(e);
            OnlineReflection background = model.drift().background();
            if (background != null) {
                OnlineReflection expected = FIXTURE.warmStart.learner(model.learner().spec());
                double[] a = new double[FIXTURE.warmStart.hidden()];
                FIXTURE.warmStart.hiddenLayer().activate(e.features, a);
                expected.learnOne(a, e.classIndex);
                assertArrayEquals(ModelCodec.encode(expected), ModelCodec.encode(background),
                        "the background learner opened at example " + i);
                assertFalse(java.util.Arrays.equals(new double[expected.weights().length], background.weights()));
                return;
            }
        }
        throw new AssertionError("no warning opened a background learner");
    }
}
