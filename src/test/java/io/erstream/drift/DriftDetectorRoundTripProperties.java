package io.erstream.drift;

import java.io.IOException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.Provide;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

class DriftDetectorRoundTripProperties {

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.of(Detectors.names());
    }

    @Property(tries = 40)
    void restoredDetectorContinuesBitExactly(@ForAll("names") String name,
                                             @ForAll @LongRange(min = 0, max = 1_000) long seed,
                                             @ForAll @IntRange(min = 0, max = 3_000) int updates,
                                             @ForAll @DoubleRange(min = 0.01, max = 0.9) double before,
                                             @ForAll @DoubleRange(min = 0.01, max = 0.9) double after) throws IOException {
        DriftDetector original = Detectors.byName(name);
        BernoulliStream stream = new BernoulliStream(seed, 1_500, before, after);
        for (int t = 0; t < updates; t++) {
            original.update(stream.next());
        }
        DriftDetectorContract.assertContinuesLike(original, DriftDetectorContract.roundTrip(original), stream);
    }

    @Property(tries = 40)
    void copyContinuesBitExactly(@ForAll("names") String name,
                                 @ForAll @LongRange(min = 0, max = 1_000) long seed,
                                 @ForAll @IntRange(min = 0, max = 3_000) int updates) {
        DriftDetector original = Detectors.byName(name);
        BernoulliStream stream = new BernoulliStream(seed, 1_500, 0.1, 0.6);
        for (int t = 0; t < updates; t++) {
            original.update(stream.next());
        }
        DriftDetectorContract.assertContinuesLike(original, original.copy(), stream);
    }
}
