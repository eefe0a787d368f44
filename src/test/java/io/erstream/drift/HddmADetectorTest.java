package io.erstream.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HddmADetectorTest extends DriftDetectorContract {

    @Override
    DriftDetector create() {
        return new HddmADetector();
    }

    @Override
    int maxDelayForAbruptIncrease() {
        return 200; // measured max 114 over seeds 1..50
    }

    @Override
    int maxFalseAlarmsOnStationaryStream() {
        return 1; // measured up to 1 per 100,000 at rate 0.2 (seeds 1..20)
    }

    @Test
    void oneSidedNeverReportsADecrease() {
        HddmADetector hddm = new HddmADetector();
        BernoulliStream stream = new BernoulliStream(1, 2_000, 0.6, 0.05);
        for (int t = 0; t < 4_000; t++) {
            assertNotEquals(DriftState.DRIFT, hddm.update(stream.next()), "input " + t);
        }
    }

    @Test
    void twoSidedRestartsSilentlyOnADecrease() {
        HddmADetector hddm = new HddmADetector(0.001, 0.005, true);
        BernoulliStream stream = new BernoulliStream(1, 2_000, 0.6, 0.05);
        for (int t = 0; t < 4_000; t++) {
            assertNotEquals(DriftState.DRIFT, hddm.update(stream.next()), "input " + t);
        }
        assertEquals(0.05, hddm.estimation(), 0.02); // the 0.6 regime was forgotten
    }

    @Test
    void warnsBeforeItReportsDrift() {
        HddmADetector hddm = new HddmADetector();
        BernoulliStream stream = new BernoulliStream(2, 2_000, 0.1, 0.3);
        boolean warned = false;
        DriftState state = DriftState.STABLE;
        while (state != DriftState.DRIFT) {
            state = hddm.update(stream.next());
            warned |= state == DriftState.WARNING;
        }
        assertTrue(warned);
    }

    @Test
    void rejectsConfidenceOutsideTheUnitInterval() {
        assertThrows(IllegalArgumentException.class, () -> new HddmADetector(0, 0.005, false));
    }
}
