package io.erstream.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.erstream.learn.LearnerSpec;
import io.erstream.learn.research.NonlinearReflection;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DriftWatchTest {

    @Test
    void aFlippedConceptIsDetectedAndAnsweredWithTheLearnersReset() {
        NonlinearReflection model = NonlinearReflection.withDefaults(LearnerSpec.classifier(2), 3, 1);
        AtomicInteger resets = new AtomicInteger();
        DriftWatch watch = new DriftWatch(model, () -> {
            resets.incrementAndGet();
            model.resetCovariance();
        }, new HddmADetector());
        List<Long> drifts = new ArrayList<>();
        watch.onDrift(drifts::add);
        SplittableRandom random = new SplittableRandom(3);
        double[] x = new double[3];
        double[] p = new double[2];
        for (int i = 0; i < 6000; i++) {
            for (int j = 0; j < 3; j++) {
                x[j] = 2 * random.nextDouble() - 1;
            }
            boolean inside = Math.abs(x[0]) < 0.4;
            int label = (i < 3000) == inside ? 1 : 0;
            watch.predictProba(x, p);
            watch.learnOne(x, label);
        }
        assertTrue(resets.get() >= 1, "resets: " + resets.get());
        assertEquals(resets.get(), drifts.size());
        assertTrue(drifts.get(0) >= 3000 && drifts.get(0) < 3300, "first drift at " + drifts.get(0));
    }

    @Test
    void aLabelOutOfRangeIsRejectedBeforeTheDetectorSeesIt() {
        NonlinearReflection model = NonlinearReflection.withDefaults(LearnerSpec.classifier(2), 3, 1);
        CountingDetector detector = new CountingDetector();
        DriftWatch watch = new DriftWatch(model, model::resetCovariance, detector);
        assertThrows(IllegalArgumentException.class, () -> watch.learnOne(new double[3], 5));
        assertEquals(0, detector.updates);
        assertEquals(0, model.updates());
        watch.learnOne(new double[3], 1);
        assertEquals(1, detector.updates);
    }

    /** Counts what it is fed; never reports a change. */
    private static final class CountingDetector implements DriftDetector {
        int updates;

        @Override
        public DriftState update(double value) {
            updates++;
            return DriftState.STABLE;
        }

        @Override
        public void reset() {
        }

        @Override
        public String name() {
            return "counting";
        }

        @Override
        public double statistic() {
            return 0;
        }

        @Override
        public long detections() {
            return 0;
        }

        @Override
        public DriftDetector copy() {
            return this;
        }

        @Override
        public void writeTo(java.io.DataOutput out) {
        }
    }
}
