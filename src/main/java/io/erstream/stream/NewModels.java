package io.erstream.stream;

import io.erstream.learn.WarmStart;

/**
 * How a key's first record makes its model: the configured learner, classes, feature encoding and drift detector,
 * started linear or from the configured warm start. The one place models are made from the configuration — the
 * stream's new keys, the start-up size checks and {@code evaluate}'s record runs — so that what is checked at
 * start-up is what the stream makes.
 */
final class NewModels {

    private final StreamConfig config;
    private final WarmStart warmStart; // null: new models start linear, from zero

    /** @param warmStart the loaded {@code erstream.model.warm-start}, or null */
    NewModels(StreamConfig config, WarmStart warmStart) {
        this.config = config;
        this.warmStart = warmStart;
    }

    /** The layout a model whose first record is {@code parsed} takes; throws {@link BadRecordException}. */
    FeatureLayout layoutOf(ParsedExample parsed) {
        return FeatureLayout.of(parsed, config.featureEncoding(), warmStart != null);
    }

    /**
     * A new model of {@code key} with {@code layout}, snapshotting every {@code snapshotEvery} updates until
     * {@link KeyedModel#snapshotEvery(int)} sizes it; throws {@link BadRecordException} for a layout the warm start
     * cannot read.
     */
    KeyedModel create(String key, FeatureLayout layout, int snapshotEvery) {
        return KeyedModel.create(key, config.learnerSpec(), config.labels(), layout, snapshotEvery,
                config.newDrift(warmStart), warmStart);
    }
}
