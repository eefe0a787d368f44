package io.erstream.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.erstream.drift.Detectors;
import io.erstream.drift.DriftPolicy;
import io.erstream.drift.DriftResponse;
import io.erstream.learn.LearnerSpec;
import io.erstream.learn.ModelFormatException;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/**
 * A new key's snapshot is encoded once and then given its snapshot interval: the stamped bytes are, byte for byte,
 * those the model encodes to once it has that interval — for any key (any length, any characters), shape, start
 * time and interval.
 */
class SnapshotStampProperties {

    @Property(tries = 500)
    void aStampedSnapshotIsTheSnapshotOfTheModelWithThatInterval(
            @ForAll @StringLength(min = 1, max = 300) String key, @ForAll @IntRange(min = 1, max = 40) int dimension,
            @ForAll boolean classifier, @ForAll @IntRange(min = 1, max = 1 << 20) int interval,
            @ForAll @LongRange(min = Long.MIN_VALUE, max = Long.MAX_VALUE) long startedAt) {
        KeyedModel model = classifier
                ? KeyedModel.create(key, LearnerSpec.classifier(3), List.of("a", "b", "c"),
                        FeatureLayout.positional(dimension), ModelStore.INTERVAL_ROUNDING,
                        DriftResponse.fresh(Detectors.byName(Detectors.HDDM_A), DriftPolicy.of("reset-covariance")))
                : KeyedModel.create(key, LearnerSpec.regressor(), List.of(), FeatureLayout.positional(dimension),
                        ModelStore.INTERVAL_ROUNDING);
        model.startedAt(startedAt);
        byte[] provisional = KeyedModelCodec.encodeNew(model);
        model.snapshotEvery(interval);
        assertArrayEquals(KeyedModelCodec.encodeNew(model), KeyedModelCodec.withSnapshotEvery(provisional, interval));
    }

    @Test
    void bytesThatAreNotASnapshotAreNotStamped() {
        byte[] snapshot = KeyedModelCodec.encodeNew(KeyedModel.create("k", LearnerSpec.classifier(2),
                List.of("0", "1"), FeatureLayout.positional(3), ModelStore.INTERVAL_ROUNDING));
        snapshot[snapshot.length - 5] ^= 1;
        assertThrows(ModelFormatException.class, () -> KeyedModelCodec.withSnapshotEvery(snapshot, 64));
    }
}
