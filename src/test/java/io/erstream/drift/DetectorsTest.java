package io.erstream.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DetectorsTest {

    @Test
    void byNameCreatesEachDetectorWithDefaults() {
        assertInstanceOf(AdwinDetector.class, Detectors.byName("adwin"));
        assertInstanceOf(PageHinkleyDetector.class, Detectors.byName("page-hinkley"));
        assertInstanceOf(DdmDetector.class, Detectors.byName("ddm"));
        assertInstanceOf(HddmADetector.class, Detectors.byName("hddm-a"));
        assertEquals(AdwinDetector.DEFAULT_DELTA, ((AdwinDetector) Detectors.byName("adwin")).delta());
    }

    @Test
    void unknownNameIsRejectedWithTheValidNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Detectors.byName("eddm"));
        for (String name : Detectors.names()) {
            assertTrue(e.getMessage().contains(name), e.getMessage());
        }
    }

    @Test
    void nullNameIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Detectors.byName(null));
    }

    @Test
    void eachDetectorNamesItself() {
        for (String name : Detectors.names()) {
            assertEquals(name, Detectors.byName(name).name());
        }
    }
}
